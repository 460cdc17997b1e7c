/**
 * What infra provisions for the definition's external upstreams, under the runtime contract's
 * names (`@dwp/platform`: `upstreamEnvNamesFor`, `relyingPartyEnvNames`): the external gateway's
 * variables for each route's auth, and what a caller of an `oidc` or `saml2` upstream reads as its
 * relying party (identity-api: GOV.UK One Login, the legacy SAML IdP), each with a start-safe value.
 */
import { relyingPartyEnvNames, upstreamEnvNamesFor, type ExternalRoute } from '@dwp/platform';

/**
 * The external gateway's variables for a route's upstream. Each starts empty: the gateway answers
 * a route whose URL is empty as "not configured" (503) and starts; an operator fills them in.
 */
export function gatewayVariablesOf(route: Pick<ExternalRoute, 'upstream' | 'auth'>): string[] {
  return upstreamEnvNamesFor(route);
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
export const PLACEHOLDER_CERTIFICATE =
  "-----BEGIN CERTIFICATE-----\n(the identity provider's signing certificate goes here)\n-----END CERTIFICATE-----\n";

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
export function relyingPartyVariablesOf(
  route: Pick<ExternalRoute, 'upstream' | 'auth'>,
): RelyingPartyVariables | undefined {
  const names = relyingPartyEnvNames(route.upstream);
  switch (route.auth) {
    case 'oidc':
      return {
        settings: {
          [names.issuer]: unconfiguredUrl(route.upstream),
          [names.identityIssuer]: unconfiguredUrl(`${route.upstream}-identity`),
          [names.clientId]: UNREGISTERED,
        },
        signingKey: { keyVariable: names.signingKey, kidVariable: names.signingKid },
      };
    case 'saml2':
      return {
        settings: {
          [names.idpCert]: PLACEHOLDER_CERTIFICATE,
          [names.idpEntityId]: unconfiguredUrl(route.upstream, '/metadata'),
        },
      };
    case 'api-key':
    case 'oauth2-client-credentials':
    case 'mtls-oauth2-jwt':
    case 'none':
      return undefined;
    default: {
      const never: never = route.auth;
      throw new Error(`Unexpected upstream auth ${String(never)}`);
    }
  }
}
