/** What a throttle store is asked, and what it answers. */
import type { BucketLimit } from './token-bucket.ts';

/** API Gateway applies its limits in this order; the first that has no token throttles the request. */
export const THROTTLE_LEVELS = ['key-method', 'key', 'stage-method', 'stage'] as const;
export type ThrottleLevel = (typeof THROTTLE_LEVELS)[number];

export interface BucketCheck {
  readonly key: string;
  readonly limit: BucketLimit;
  readonly level: ThrottleLevel;
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface QuotaCheck {
  readonly key: string;
  readonly limit: number;
  /** The period the request falls in, [start, end) in ms. */
  readonly periodStart: number;
  readonly periodEnd: number;
}

export type ThrottleDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'throttled'; readonly level: ThrottleLevel; readonly retryAfterMs: number }
  | { readonly kind: 'quota-exceeded'; readonly retryAfterMs: number };

export const ALLOWED: ThrottleDecision = Object.freeze({ kind: 'allowed' });

/**
 * Takes one token from every bucket, and one request from the quota, atomically: either all have
 * room and all are charged, or none is charged and the first in API Gateway's order that lacks room
 * is named. In-process stores answer synchronously; shared ones return a promise.
 */
export interface ThrottleStore {
  take(buckets: readonly BucketCheck[], quota?: QuotaCheck): ThrottleDecision | Promise<ThrottleDecision>;
  close(): Promise<void>;
}
