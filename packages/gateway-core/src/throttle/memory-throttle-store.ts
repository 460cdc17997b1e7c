/** Throttle state in this process: exact for one gateway replica (the local default without REDIS_URL). */
import type { Clock } from '@dwp/clock';
import { systemClock } from '@dwp/clock';
import {
  ALLOWED,
  type BucketCheck,
  type QuotaCheck,
  type ThrottleDecision,
  type ThrottleStore,
} from './throttle-types.ts';
import { fullBucket, msUntilToken, tokensAt, type BucketState } from './token-bucket.ts';

interface QuotaState {
  periodStart: number;
  used: number;
}

export class MemoryThrottleStore implements ThrottleStore {
  readonly #clock: Clock;
  readonly #buckets = new Map<string, BucketState>();
  readonly #quotas = new Map<string, QuotaState>();

  constructor(opts: { readonly clock?: Clock } = {}) {
    this.#clock = opts.clock ?? systemClock;
  }

  take(buckets: readonly BucketCheck[], quota?: QuotaCheck): ThrottleDecision {
    const now = this.#clock.now();
    // First pass: every bucket must have a whole token; nothing is charged until all do.
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i]!;
      let state = this.#buckets.get(b.key);
      if (!state) {
        state = fullBucket(b.limit, now);
        this.#buckets.set(b.key, state);
      }
      state.tokens = tokensAt(state, b.limit, now);
      state.updatedAt = Math.max(now, state.updatedAt);
      if (state.tokens < 1)
        return { kind: 'throttled', level: b.level, retryAfterMs: msUntilToken(state.tokens, b.limit) };
    }
    let q: QuotaState | undefined;
    if (quota) {
      q = this.#quotas.get(quota.key);
      if (!q || q.periodStart !== quota.periodStart) {
        q = { periodStart: quota.periodStart, used: 0 };
        this.#quotas.set(quota.key, q);
      }
      if (q.used >= quota.limit) return { kind: 'quota-exceeded', retryAfterMs: Math.max(0, quota.periodEnd - now) };
    }
    for (let i = 0; i < buckets.length; i++) this.#buckets.get(buckets[i]!.key)!.tokens -= 1;
    if (q) q.used += 1;
    return ALLOWED;
  }

  async close(): Promise<void> {
    this.#buckets.clear();
    this.#quotas.clear();
  }
}
