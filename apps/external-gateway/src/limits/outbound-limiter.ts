/**
 * Outbound limits that protect a partner: "N calls per S seconds" is kept in every window of S
 * seconds, not on average. A sliding-window log admits a call only when fewer than N calls were
 * admitted in the S seconds before it, so no window of S seconds (anywhere, not only on the minute)
 * ever holds more than N.
 */

export interface WindowLimit {
  readonly requests: number;
  readonly windowMs: number;
}

export type LimitDecision =
  | { readonly kind: 'allowed' }
  /** `retryAfterMs`: when the oldest call in the window leaves it. */
  | { readonly kind: 'limited'; readonly retryAfterMs: number };

export const ALLOWED: LimitDecision = Object.freeze({ kind: 'allowed' });

export interface OutboundLimiter {
  /** Admits (and records) one call under `key`, or says when one would be admitted. */
  take(key: string, limit: WindowLimit): LimitDecision | Promise<LimitDecision>;
  /** Calls admitted in the current window, for /external/status. */
  used(key: string, limit: WindowLimit): number | Promise<number>;
  close(): Promise<void>;
}

export function validateLimit(limit: WindowLimit): void {
  if (!Number.isInteger(limit.requests) || limit.requests < 1)
    throw new TypeError('limit.requests must be a positive integer');
  if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0)
    throw new TypeError('limit.windowMs must be a positive number of milliseconds');
}
