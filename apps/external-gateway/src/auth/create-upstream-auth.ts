/** Picks the way the gateway proves itself to an upstream from the route's credentials. */
import type { UpstreamCredentials } from '../config.ts';
import { ApiKeyAuth } from './api-key-auth.ts';
import { ClientCredentialsAuth } from './client-credentials-auth.ts';
import { PassThroughAuth } from './pass-through-auth.ts';
import { SignedJwtAuth } from './signed-jwt-auth.ts';
import type { AuthContext, UpstreamAuth } from './upstream-auth.ts';

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
    case 'none':
      // A public upstream: nothing added, and no caller credential passed on.
      return new PassThroughAuth([]);
    default: {
      const never: never = credentials;
      throw new Error(`Unexpected upstream auth ${JSON.stringify(never)}`);
    }
  }
}
