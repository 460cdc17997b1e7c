/**
 * How the gateway proves itself to an upstream, one kind per route `auth` in the definition. Each
 * adds its credentials to an outgoing call; token-based kinds cache their token and can be told
 * to drop it when the upstream refuses it. The kinds implement this contract; the factory that
 * picks one is create-upstream-auth.ts, so no kind imports the module that imports it.
 */
import type { Clock } from '@dwp/clock';
import type { Dispatcher } from 'undici';

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
  /** @default systemClock */
  readonly clock?: Clock;
}
