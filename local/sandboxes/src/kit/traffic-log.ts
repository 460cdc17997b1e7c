/**
 * What a sandbox has been asked: every API call's time and route, so a test can check that the
 * gateway never sent more than a partner's limit in any window.
 */

/** @default most calls remembered; older ones are forgotten first. */
export const DEFAULT_TRAFFIC_CAPACITY = 100_000;

export interface TrafficSummary {
  readonly total: number;
  readonly byRoute: Readonly<Record<string, number>>;
  /** The most calls in any window of `windowMs` (a sliding window over the call times). */
  readonly maxInWindow: number;
  readonly windowMs: number;
}

export class TrafficLog {
  readonly #capacity: number;
  #times: number[] = [];
  #byRoute = new Map<string, number>();
  #total = 0;

  constructor(capacity = DEFAULT_TRAFFIC_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new TypeError('capacity must be a positive integer');
    this.#capacity = capacity;
  }

  record(route: string, at: number): void {
    this.#total += 1;
    this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + 1);
    this.#times.push(at);
    if (this.#times.length > this.#capacity) this.#times = this.#times.slice(-this.#capacity);
  }

  summary(windowMs: number): TrafficSummary {
    return {
      total: this.#total,
      byRoute: Object.fromEntries(this.#byRoute),
      maxInWindow: maxInWindow(this.#times, windowMs),
      windowMs,
    };
  }

  clear(): void {
    this.#times = [];
    this.#byRoute.clear();
    this.#total = 0;
  }
}

/** The most entries of a sorted list of times that fit in any half-open window [t, t + windowMs). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
