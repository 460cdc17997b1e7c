/** OAuth 2.0 client credentials (HMRC application-restricted endpoints): a cached bearer token. */
import type { UpstreamCredentials } from '../config.ts';
import { requestToken } from './token-endpoint.ts';
import { TokenCache } from './token-cache.ts';
import type { AuthContext, UpstreamAuth } from './upstream-auth.ts';

type Credentials = Extract<UpstreamCredentials, { auth: 'oauth2-client-credentials' }>;
const NONE: ReadonlySet<string> = new Set();

export class ClientCredentialsAuth implements UpstreamAuth {
  readonly passThrough = NONE;
  readonly refreshable = true;
  readonly #tokens: TokenCache;

  constructor(credentials: Credentials, ctx: AuthContext) {
    const form = {
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      ...(credentials.scope ? { scope: credentials.scope } : {}),
    };
    this.#tokens = new TokenCache(
      (signal) => requestToken(ctx.upstream, ctx.dispatcher, credentials.tokenUrl, form, signal),
      ctx.clock,
    );
  }

  async apply(headers: Record<string, string>, signal: AbortSignal): Promise<void> {
    headers.authorization = `Bearer ${await this.#tokens.get(signal)}`;
  }

  invalidate(): void {
    this.#tokens.invalidate();
  }
}
