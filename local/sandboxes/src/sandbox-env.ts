/**
 * The environment variables each sandbox process reads, in one place: the stand-ins that start
 * the sandboxes set them, and each sandbox's main reads them.
 */
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';

export const SANDBOX_ENV = {
  royalMail: {
    /** The API key callers must present. */
    apiKey: 'ROYAL_MAIL_SANDBOX_API_KEY',
  },
  hmrc: {
    /** The one registered application: its client id and secret. */
    clientId: 'HMRC_SANDBOX_CLIENT_ID',
    clientSecret: 'HMRC_SANDBOX_CLIENT_SECRET',
    /** Lifetime of issued access tokens in seconds. @default 14400 (HMRC's four hours) */
    tokenTtlSeconds: 'HMRC_SANDBOX_TOKEN_TTL_S',
  },
  nhs: {
    /** The registered application's API key (the client assertion's iss and sub). */
    clientId: 'NHS_SANDBOX_CLIENT_ID',
    /** JWKS of the application's public keys (the key its client assertions are signed with). */
    clientJwks: 'NHS_SANDBOX_CLIENT_JWKS',
    /** PEM files of the server's certificate, key and the CA whose client certificates it accepts. */
    serverCertFile: 'NHS_SANDBOX_SERVER_CERT_FILE',
    serverKeyFile: 'NHS_SANDBOX_SERVER_KEY_FILE',
    caCertFile: 'NHS_SANDBOX_CA_CERT_FILE',
  },
  samlIdp: {
    /** PEM files of the IdP's signing certificate and key. */
    signingCertFile: 'SAML_IDP_SANDBOX_CERT_FILE',
    signingKeyFile: 'SAML_IDP_SANDBOX_KEY_FILE',
  },
  oneLogin: {
    /** The registered relying party: its client id and JWKS of public keys (private_key_jwt). */
    clientId: 'ONE_LOGIN_SANDBOX_CLIENT_ID',
    clientJwks: 'ONE_LOGIN_SANDBOX_CLIENT_JWKS',
    /** Comma-separated redirect URIs the client may use. @default any http://localhost or 127.0.0.1 URL */
    redirectUris: 'ONE_LOGIN_SANDBOX_REDIRECT_URIS',
    /** How the client's ID tokens are signed, as registered: `ES256` or `RS256`. @default ES256 */
    idTokenAlg: 'ONE_LOGIN_SANDBOX_ID_TOKEN_ALG',
  },
} as const;

/** A JWKS in a variable (`{"keys": [...]}`), checked: jose checks each key when it is used. */
const jwksValue = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) });

/** @throws naming the variable when it holds no JWKS */
export function jwksIn(name: string, value: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${name} is not JSON`);
  }
  const jwks = jwksValue.safeParse(parsed);
  if (!jwks.success) throw new Error(`${name} must be a JWKS: ${z.prettifyError(jwks.error)}`);
  return jwks.data;
}
