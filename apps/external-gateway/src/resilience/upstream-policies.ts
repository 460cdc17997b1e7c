/**
 * The immutable cockatiel policies of one upstream, built once from the definition and shared by
 * every call to it: a per-call timeout inside a circuit breaker inside a retry with exponential
 * backoff and jitter. Calls that are not safe to repeat go through the same breaker and timeout
 * without the retry.
 */
import type { Clock } from '@dwp/clock';
import type { ExternalGateway } from '@dwp/platform';
import type { CircuitBreakerPolicy } from 'cockatiel';
import {
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoffFactory,
  type IPolicy,
} from 'cockatiel';
import { RollingWindowBreaker } from './rolling-window-breaker.ts';
import { isTransientFailure } from './upstream-failure.ts';

export interface UpstreamPolicies {
  readonly breaker: CircuitBreakerPolicy;
  /** Timeout, breaker and retries: for idempotent calls and calls with an Idempotency-Key. */
  readonly retrying: IPolicy;
  /** Timeout and breaker only. */
  readonly once: IPolicy;
  /** How long the circuit stays open before a probe. */
  readonly openMs: number;
  readonly timeoutMs: number;
}

export interface UpstreamPolicyOptions {
  readonly gateway: Pick<ExternalGateway, 'circuitBreaker' | 'retry' | 'timeoutMs'>;
  /** Overrides `circuitBreaker.openSeconds` (tests). */
  readonly openMs?: number;
  /** The breaker's rolling window. @default systemClock (cockatiel keeps its own clock for the open period) */
  readonly clock?: Clock;
}

type Retry = ExternalGateway['retry'];

/** One backoff per kind the definition allows (a new kind fails to compile until it is added here). */
const BACKOFFS: { readonly [K in Retry['backoff']]: (r: Retry) => IBackoffFactory<unknown> } = {
  exponential: (r) => new ExponentialBackoff({ initialDelay: r.initialDelayMs, maxDelay: r.maxDelayMs }),
};

export function upstreamPolicies(opts: UpstreamPolicyOptions): UpstreamPolicies {
  const { circuitBreaker: cb, retry: r, timeoutMs } = opts.gateway;
  const openMs = opts.openMs ?? cb.openSeconds * 1000;
  if (r.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  const backoff = BACKOFFS[r.backoff](r);
  const handled = handleWhen(isTransientFailure);
  const breaker = circuitBreaker(handled, {
    halfOpenAfter: openMs,
    breaker: new RollingWindowBreaker({
      failureRatePercent: cb.failureRatePercent,
      minimumCalls: cb.minimumCalls,
      windowMs: cb.windowSeconds * 1000,
      ...(opts.clock ? { clock: opts.clock } : {}),
    }),
  });
  const perCall = timeout(timeoutMs, TimeoutStrategy.Aggressive);
  // maxAttempts counts every attempt; cockatiel counts the retries after the first.
  const retries = retry(handled, {
    maxAttempts: r.maxAttempts - 1,
    backoff,
  });
  return { breaker, retrying: wrap(retries, breaker, perCall), once: wrap(breaker, perCall), openMs, timeoutMs };
}
