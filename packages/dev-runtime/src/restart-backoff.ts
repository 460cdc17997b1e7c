/**
 * How long to wait before restarting a crashed instance: exponential from a short first delay,
 * capped, and forgiven once an instance has stayed up long enough.
 */
export interface BackoffPolicy {
  /** @default 250 */
  readonly initialMs: number;
  /** @default 30000 */
  readonly maxMs: number;
  /** Uptime after which the crash count starts again from zero. @default 30000 */
  readonly resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, resetAfterMs: 30_000 };

/** `crashes` counts consecutive crashes, the one just seen included (so the first restart waits initialMs). */
export function restartDelay(crashes: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (crashes < 1) return 0;
  return Math.min(policy.maxMs, policy.initialMs * 2 ** (crashes - 1));
}

/** Consecutive crashes after one more crash following `uptimeMs` of running. */
export function crashesAfter(previous: number, uptimeMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return uptimeMs >= policy.resetAfterMs ? 1 : previous + 1;
}
