/**
 * The fault switch every sandbox carries, so tests and demos can drive the external gateway's
 * breaker: added latency, an error rate, or the whole API down. Error rates are deterministic
 * (a rate of 0.5 fails the first call and every second one after it), so a test knows exactly which calls fail.
 */
import { z } from 'zod';

export const faultSettingsSchema = z
  .object({
    /** Milliseconds added before each API answer. @default 0 */
    latencyMs: z.number().int().min(0).max(120_000),
    /** Share of API calls answered with `errorStatus`, 0 to 1. @default 0 */
    errorRate: z.number().min(0).max(1),
    /** Status of a failed call. @default 503 */
    errorStatus: z.number().int().min(400).max(599),
    /** When true, every API connection is closed without an answer. @default false */
    down: z.boolean(),
  })
  .strict();

export type FaultSettings = z.output<typeof faultSettingsSchema>;

export const NO_FAULT: FaultSettings = Object.freeze({ latencyMs: 0, errorRate: 0, errorStatus: 503, down: false });

export type FaultDecision =
  | { readonly kind: 'pass'; readonly latencyMs: number }
  | { readonly kind: 'error'; readonly latencyMs: number; readonly status: number }
  | { readonly kind: 'drop' };

export class FaultSwitch {
  #settings: FaultSettings = NO_FAULT;
  /** Calls seen since the settings last changed; drives the deterministic error rate. */
  #calls = 0;

  get settings(): FaultSettings {
    return this.#settings;
  }

  /** Merges a partial change into the current settings. */
  set(change: Partial<FaultSettings>): FaultSettings {
    this.#settings = Object.freeze({ ...this.#settings, ...change });
    this.#calls = 0;
    return this.#settings;
  }

  reset(): FaultSettings {
    return this.set(NO_FAULT);
  }

  /** What to do with the next API call. */
  decide(): FaultDecision {
    const s = this.#settings;
    if (s.down) return { kind: 'drop' };
    this.#calls += 1;
    const failsNow = Math.ceil(this.#calls * s.errorRate - 1e-9) > Math.ceil((this.#calls - 1) * s.errorRate - 1e-9);
    return failsNow
      ? { kind: 'error', latencyMs: s.latencyMs, status: s.errorStatus }
      : { kind: 'pass', latencyMs: s.latencyMs };
  }
}
