/**
 * WAF's rate-based rule: requests per client IP over a trailing 5-minute window, counted in
 * 10-second slots; an IP over the limit is blocked until its count in the window falls back under.
 */
import type { Clock } from '@dwp/clock';
import { systemClock } from '@dwp/clock';
import { requirePositive } from '../errors.ts';

/** WAF rate-based rules evaluate over 5 minutes. */
export const RATE_WINDOW_MS = 5 * 60_000;
const SLOT_MS = 10_000;
const SLOTS = RATE_WINDOW_MS / SLOT_MS;
/** @default how often idle IPs are forgotten */
const SWEEP_EVERY = 10_000;

interface Counter {
  /** Slot number (time / SLOT_MS) of each ring position. */
  readonly slotOf: Float64Array;
  readonly counts: Uint32Array;
  lastSeen: number;
}

export class IpRateLimiter {
  readonly #limit: number;
  readonly #clock: Clock;
  readonly #ips = new Map<string, Counter>();
  #calls = 0;

  constructor(opts: { readonly limitPer5Min: number; readonly clock?: Clock }) {
    this.#limit = requirePositive('limitPer5Min', opts.limitPer5Min);
    this.#clock = opts.clock ?? systemClock;
  }

  /** Counts a request from `ip`; true when the IP is over the limit (the request is to be blocked). */
  hit(ip: string): boolean {
    const now = this.#clock.now();
    if (++this.#calls % SWEEP_EVERY === 0) this.#sweep(now);
    let c = this.#ips.get(ip);
    if (!c) {
      c = { slotOf: new Float64Array(SLOTS).fill(-1), counts: new Uint32Array(SLOTS), lastSeen: now };
      this.#ips.set(ip, c);
    }
    c.lastSeen = now;
    const slot = Math.floor(now / SLOT_MS);
    const i = slot % SLOTS;
    if (c.slotOf[i] !== slot) {
      c.slotOf[i] = slot;
      c.counts[i] = 0;
    }
    c.counts[i]! += 1;
    let total = 0;
    for (let k = 0; k < SLOTS; k++) if (c.slotOf[k]! > slot - SLOTS) total += c.counts[k]!;
    return total > this.#limit;
  }

  get trackedIps(): number {
    return this.#ips.size;
  }

  #sweep(now: number): void {
    for (const [ip, c] of this.#ips) if (now - c.lastSeen > RATE_WINDOW_MS) this.#ips.delete(ip);
  }
}
