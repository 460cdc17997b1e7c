/**
 * The variables through which the apps reach the definition's external upstreams, named by the
 * apps' convention (`royal-mail` -> `ROYAL_MAIL_*`): what the external gateway reads for each
 * route's auth (apps/external-gateway/src/config.ts), and what a caller of an `oidc` or `saml2`
 * upstream reads as its relying party (identity-api: GOV.UK One Login, the legacy SAML IdP).
 * The local runtime's sandbox stand-ins set the same names; infra/lib/compute/upstream-variables.test.ts
 * checks these lists against the apps' own config readers.
 */
import type { ExternalRoute } from '@dwp/platform';

type Auth = ExternalRoute['auth'];

/** `royal-mail` -> `ROYAL_MAIL`. */
export function upstreamPrefix(upstream: string): string {
  return upstream.toUpperCase().replace(/-/g, '_');
}

/** What the external gateway reads for an upstream, by its auth, required and optional alike. */
const GATEWAY_SUFFIXES: Readonly<Record<Auth, readonly string[]>> = {
  'api-key': ['URL', 'API_KEY'],
  'oauth2-client-credentials': ['URL', 'TOKEN_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'SCOPE'],
  'mtls-oauth2-jwt': ['URL', 'TOKEN_URL', 'CLIENT_ID', 'SIGNING_KEY', 'SIGNING_KID', 'CLIENT_CERT', 'CLIENT_KEY', 'CA_CERT'],
  saml2: ['URL'],
  oidc: ['URL'],
};

/**
 * The external gateway's variables for a route's upstream. Each starts empty: the gateway answers
 * a route whose URL is empty as "not configured" (503) and starts; an operator fills them in.
 */
export function gatewayVariablesOf(route: Pick<ExternalRoute, 'upstream' | 'auth'>): string[] {
  return GATEWAY_SUFFIXES[route.auth].map((suffix) => `${upstreamPrefix(route.upstream)}_${suffix}`);
}

/** Client ids before an operator registers the relying party (a value the apps accept at start). */
export const UNREGISTERED = 'unregistered';

/**
 * Where an unconfigured upstream points: the reserved `.invalid` domain (RFC 6761) never resolves,
 * so nothing is ever sent there, and the value passes the apps' URL checks at start.
 */
export function unconfiguredUrl(upstream: string, path = '/'): string {
  return `https://${upstream}.invalid${path}`;
}

/** A PEM-shaped placeholder that passes the apps' shape check at start and verifies nothing. */
export const PLACEHOLDER_CERTIFICATE = '-----BEGIN CERTIFICATE-----\n(the identity provider\'s signing certificate goes here)\n-----END CERTIFICATE-----\n';

export interface RelyingPartyVariables {
  /** Settings an operator supplies from the upstream's registration, each with a start-safe value. */
  readonly settings: Readonly<Record<string, string>>;
  /** A signing key pair (RS256) the relying party authenticates with, made at deploy time. */
  readonly signingKey?: {
    /** Carries the private key (PKCS#8 PEM). */
    readonly keyVariable: string;
    /** Carries its key id. */
    readonly kidVariable: string;
  };
}

/** What a caller of a route's upstream reads as its relying party, or undefined when it needs nothing. */
export function relyingPartyVariablesOf(route: Pick<ExternalRoute, 'upstream' | 'auth'>): RelyingPartyVariables | undefined {
  const p = upstreamPrefix(route.upstream);
  switch (route.auth) {
    case 'oidc':
      return {
        settings: { [`${p}_ISSUER`]: unconfiguredUrl(route.upstream), [`${p}_CLIENT_ID`]: UNREGISTERED },
        signingKey: { keyVariable: `${p}_CLIENT_SIGNING_KEY`, kidVariable: `${p}_CLIENT_SIGNING_KID` },
      };
    case 'saml2':
      return { settings: { [`${p}_IDP_CERT`]: PLACEHOLDER_CERTIFICATE, [`${p}_IDP_ENTITY_ID`]: unconfiguredUrl(route.upstream, '/metadata') } };
    case 'api-key':
    case 'oauth2-client-credentials':
    case 'mtls-oauth2-jwt':
      return undefined;
    default: {
      const never: never = route.auth;
      throw new Error(`Unexpected upstream auth ${String(never)}`);
    }
  }
}
