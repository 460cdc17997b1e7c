/** The sliding-window log in this process: exact for one gateway replica (the local default). */
import { systemClock, type Clock } from '@dwp/clock';
import { ALLOWED, type LimitDecision, type OutboundLimiter, type WindowLimit } from './outbound-limiter.ts';

export class MemoryLimiter implements OutboundLimiter {
  readonly #clock: Clock;
  /** Admission times per key, oldest first; never longer than the limit. */
  readonly #logs = new Map<string, number[]>();

  constructor(opts: { readonly clock?: Clock } = {}) {
    this.#clock = opts.clock ?? systemClock;
  }

  #prune(key: string, limit: WindowLimit, now: number): number[] {
    let log = this.#logs.get(key);
    if (!log) {
      log = [];
      this.#logs.set(key, log);
    }
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - limit.windowMs) drop += 1;
    if (drop) log.splice(0, drop);
    return log;
  }

  take(key: string, limit: WindowLimit): LimitDecision {
    const now = this.#clock.now();
    const log = this.#prune(key, limit, now);
    if (log.length < limit.requests) {
      log.push(Math.max(now, log.at(-1) ?? now));
      return ALLOWED;
    }
    return { kind: 'limited', retryAfterMs: Math.max(1, log[log.length - limit.requests]! + limit.windowMs - now) };
  }

  used(key: string, limit: WindowLimit): number {
    return this.#prune(key, limit, this.#clock.now()).length;
  }

  async close(): Promise<void> {
    this.#logs.clear();
  }
}
