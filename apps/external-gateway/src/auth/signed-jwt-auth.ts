/**
 * NHS England's application-restricted pattern: OAuth 2.0 client credentials where the client
 * authenticates with a JWT it signs (private_key_jwt, RFC 7523): RS512, `kid` of the registered
 * public key, `iss` = `sub` = the application's API key, `aud` = the token endpoint, a fresh `jti`,
 * and an expiry at most five minutes away. The client certificate (mTLS) lives on the upstream's
 * connection agent. PDS also wants a UUID `X-Request-ID` on every call.
 */
import { randomUUID } from 'node:crypto';
import { systemClock } from '@dwp/clock';
import { SignJWT, importPKCS8 } from 'jose';
import type { UpstreamCredentials } from '../config.ts';
import { requestToken } from './token-endpoint.ts';
import { TokenCache } from './token-cache.ts';
import type { AuthContext, UpstreamAuth } from './upstream-auth.ts';

type Credentials = Extract<UpstreamCredentials, { auth: 'mtls-oauth2-jwt' }>;

export const CLIENT_ASSERTION_ALG = 'RS512';
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** NHS England accepts assertions that expire at most five minutes after they are made. */
export const CLIENT_ASSERTION_TTL_S = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONE: ReadonlySet<string> = new Set();

export class SignedJwtAuth implements UpstreamAuth {
  readonly passThrough = NONE;
  readonly refreshable = true;
  readonly #tokens: TokenCache;

  constructor(credentials: Credentials, ctx: AuthContext) {
    const clock = ctx.clock ?? systemClock;
    const key = importPKCS8(credentials.signingKey, CLIENT_ASSERTION_ALG);
    key.catch(() => undefined); // reported on first use
    const assertion = async () => {
      const iat = Math.floor(clock.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: CLIENT_ASSERTION_ALG, typ: 'JWT', kid: credentials.signingKid })
        .setIssuer(credentials.clientId)
        .setSubject(credentials.clientId)
        .setAudience(credentials.tokenUrl)
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(iat + CLIENT_ASSERTION_TTL_S)
        .sign(await key);
    };
    this.#tokens = new TokenCache(
      async (signal) =>
        requestToken(
          ctx.upstream,
          ctx.dispatcher,
          credentials.tokenUrl,
          {
            grant_type: 'client_credentials',
            client_assertion_type: CLIENT_ASSERTION_TYPE,
            client_assertion: await assertion(),
          },
          signal,
        ),
      clock,
    );
  }

  async apply(headers: Record<string, string>, signal: AbortSignal): Promise<void> {
    headers.authorization = `Bearer ${await this.#tokens.get(signal)}`;
    if (!UUID.test(headers['x-request-id'] ?? '')) headers['x-request-id'] = randomUUID();
  }

  invalidate(): void {
    this.#tokens.invalidate();
  }
}
