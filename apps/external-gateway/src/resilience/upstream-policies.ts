/**
 * The immutable cockatiel policies of one upstream, built once from the definition and shared by
 * every call to it: a per-call timeout inside a circuit breaker inside a retry with exponential
 * backoff and jitter. Calls that are not safe to repeat go through the same breaker and timeout
 * without the retry.
 */
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
  type IDefaultPolicyContext,
  type IPolicy,
} from 'cockatiel';
import { RollingWindowBreaker } from './rolling-window-breaker.ts';
import { isTransientFailure } from './upstream-failure.ts';

export interface UpstreamPolicies {
  readonly breaker: CircuitBreakerPolicy;
  /** Timeout, breaker and retries: for idempotent calls and calls with an Idempotency-Key. */
  readonly retrying: IPolicy<IDefaultPolicyContext>;
  /** Timeout and breaker only. */
  readonly once: IPolicy<IDefaultPolicyContext>;
  /** How long the circuit stays open before a probe. */
  readonly openMs: number;
  readonly timeoutMs: number;
}

export interface UpstreamPolicyOptions {
  readonly gateway: Pick<ExternalGateway, 'circuitBreaker' | 'retry' | 'timeoutMs'>;
  /** Overrides `circuitBreaker.openSeconds` (tests). */
  readonly openMs?: number;
  /** @default Date.now (cockatiel's own clock for the open period) */
  readonly now?: () => number;
}

export function upstreamPolicies(opts: UpstreamPolicyOptions): UpstreamPolicies {
  const { circuitBreaker: cb, retry: r, timeoutMs } = opts.gateway;
  const openMs = opts.openMs ?? cb.openSeconds * 1000;
  if (r.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  if (r.backoff !== 'exponential') throw new RangeError(`Unexpected backoff ${String(r.backoff)}`);
  const handled = handleWhen(isTransientFailure);
  const breaker = circuitBreaker(handled, {
    halfOpenAfter: openMs,
    breaker: new RollingWindowBreaker({
      failureRatePercent: cb.failureRatePercent,
      minimumCalls: cb.minimumCalls,
      windowMs: cb.windowSeconds * 1000,
      ...(opts.now ? { now: opts.now } : {}),
    }),
  });
  const perCall = timeout(timeoutMs, TimeoutStrategy.Aggressive);
  // maxAttempts counts every attempt; cockatiel counts the retries after the first.
  const retries = retry(handled, {
    maxAttempts: r.maxAttempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: r.initialDelayMs, maxDelay: r.maxDelayMs }),
  });
  return { breaker, retrying: wrap(retries, breaker, perCall), once: wrap(breaker, perCall), openMs, timeoutMs };
}
