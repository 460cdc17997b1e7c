/**
 * When a circuit opens, as the definition states it: at least `failureRatePercent` of the calls in
 * the last `windowMs` failed, and at least `minimumCalls` calls were made in that window. Calls are
 * counted in one-second buckets (or finer for short windows), so old calls leave the window as time
 * passes. A cockatiel IBreaker: the circuit-breaker policy asks it after every call.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { CircuitState, type IBreaker } from 'cockatiel';

/** @default buckets the window is counted in */
export const DEFAULT_BUCKETS = 60;

export interface RollingWindowBreakerOptions {
  /** Opens at or above this share of failures, 1-100. */
  readonly failureRatePercent: number;
  /** Calls needed in the window before the rate counts. */
  readonly minimumCalls: number;
  readonly windowMs: number;
  /** @default 60 */
  readonly buckets?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

interface Bucket {
  start: number;
  calls: number;
  failures: number;
}

export class RollingWindowBreaker implements IBreaker {
  readonly #threshold: number;
  readonly #minimumCalls: number;
  readonly #bucketMs: number;
  readonly #clock: Clock;
  #buckets: Bucket[];

  constructor(opts: RollingWindowBreakerOptions) {
    if (!(opts.failureRatePercent > 0 && opts.failureRatePercent <= 100))
      throw new RangeError('failureRatePercent must be above 0 and at most 100');
    if (!Number.isInteger(opts.minimumCalls) || opts.minimumCalls < 1)
      throw new RangeError('minimumCalls must be a positive integer');
    if (!(opts.windowMs > 0)) throw new RangeError('windowMs must be positive');
    const count = opts.buckets ?? DEFAULT_BUCKETS;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('buckets must be a positive integer');
    this.#threshold = opts.failureRatePercent / 100;
    this.#minimumCalls = opts.minimumCalls;
    this.#bucketMs = opts.windowMs / count;
    this.#clock = opts.clock ?? systemClock;
    this.#buckets = Array.from({ length: count }, () => ({ start: -Infinity, calls: 0, failures: 0 }));
  }

  /** Calls and failures now inside the window. */
  get totals(): { readonly calls: number; readonly failures: number } {
    const now = this.#clock.now();
    const oldest = now - this.#bucketMs * this.#buckets.length;
    let calls = 0;
    let failures = 0;
    for (const b of this.#buckets) {
      if (b.start > oldest) {
        calls += b.calls;
        failures += b.failures;
      }
    }
    return { calls, failures };
  }

  get state(): unknown {
    return this.#buckets.map((b) => ({ ...b }));
  }

  set state(value: unknown) {
    if (Array.isArray(value) && value.length === this.#buckets.length)
      this.#buckets = value.map((b: Bucket) => ({ start: b.start, calls: b.calls, failures: b.failures }));
  }

  #bucketNow(): Bucket {
    const now = this.#clock.now();
    const start = Math.floor(now / this.#bucketMs) * this.#bucketMs;
    const index = Math.floor(now / this.#bucketMs) % this.#buckets.length;
    const bucket = this.#buckets[index]!;
    if (bucket.start !== start) {
      bucket.start = start;
      bucket.calls = 0;
      bucket.failures = 0;
    }
    return bucket;
  }

  #reset(): void {
    for (const b of this.#buckets) {
      b.start = -Infinity;
      b.calls = 0;
      b.failures = 0;
    }
  }

  success(state: CircuitState): void {
    // A successful probe closes the circuit on a clean slate.
    if (state === CircuitState.HalfOpen) this.#reset();
    this.#bucketNow().calls += 1;
  }

  failure(state: CircuitState): boolean {
    const bucket = this.#bucketNow();
    bucket.calls += 1;
    bucket.failures += 1;
    // A failed probe opens the circuit again.
    if (state === CircuitState.HalfOpen) return true;
    const { calls, failures } = this.totals;
    return calls >= this.#minimumCalls && failures >= this.#threshold * calls;
  }
}
