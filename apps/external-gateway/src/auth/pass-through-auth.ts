/** Upstreams whose messages carry their own proof (SAML, OIDC): the gateway adds nothing. */
import type { UpstreamAuth } from './upstream-auth.ts';

export class PassThroughAuth implements UpstreamAuth {
  readonly passThrough: ReadonlySet<string>;
  readonly refreshable = false;

  constructor(headers: readonly string[]) {
    this.passThrough = new Set(headers.map((h) => h.toLowerCase()));
  }

  apply(): void {}
  invalidate(): void {}
}
