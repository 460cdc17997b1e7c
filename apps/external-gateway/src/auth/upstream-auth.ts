/**
 * How the gateway proves itself to an upstream, one kind per route `auth` in the definition. Each
 * adds its credentials to an outgoing call; token-based kinds cache their token and can be told
 * to drop it when the upstream refuses it.
 */
import type { Dispatcher } from 'undici';
import type { UpstreamCredentials } from '../config.ts';
import { ApiKeyAuth } from './api-key-auth.ts';
import { ClientCredentialsAuth } from './client-credentials-auth.ts';
import { PassThroughAuth } from './pass-through-auth.ts';
import { SignedJwtAuth } from './signed-jwt-auth.ts';

export interface UpstreamAuth {
  /** Caller headers this kind of upstream needs passed on as they are (lower case). */
  readonly passThrough: ReadonlySet<string>;
  /** Whether a 401 from the upstream may be cured by fresh credentials. */
  readonly refreshable: boolean;
  /** Adds credentials to an outgoing call, fetching a token when none is cached. */
  apply(headers: Record<string, string>, signal: AbortSignal): Promise<void> | void;
  /** Drops cached credentials (the upstream refused them). */
  invalidate(): void;
}

export interface AuthContext {
  readonly upstream: string;
  /** Carries token requests (the upstream's own agent, so mTLS applies to them too). */
  readonly dispatcher: Dispatcher;
  /** @default Date.now */
  readonly now?: () => number;
}

export function createUpstreamAuth(credentials: UpstreamCredentials, ctx: AuthContext): UpstreamAuth {
  switch (credentials.auth) {
    case 'api-key':
      return new ApiKeyAuth(credentials.apiKey);
    case 'oauth2-client-credentials':
      return new ClientCredentialsAuth(credentials, ctx);
    case 'mtls-oauth2-jwt':
      return new SignedJwtAuth(credentials, ctx);
    case 'saml2':
      return new PassThroughAuth([]);
    case 'oidc':
      // The relying party (identity-api) authenticates itself: private_key_jwt in the token
      // request body, its bearer access token at userinfo.
      return new PassThroughAuth(['authorization']);
    default: {
      const never: never = credentials;
      throw new Error(`Unexpected upstream auth ${JSON.stringify(never)}`);
    }
  }
}
