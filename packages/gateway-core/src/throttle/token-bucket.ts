/**
 * The token bucket API Gateway throttles with: a bucket of `burst` tokens that starts full and
 * refills at `rate` tokens per second; a request takes one token or is throttled. Pure functions,
 * so the in-process store and the Redis script (which mirrors them in Lua) agree on every number.
 */
export interface BucketLimit {
  /** Steady-state tokens per second. */
  readonly rate: number;
  /** Bucket size: the most requests served at one instant. */
  readonly burst: number;
}

export interface BucketState {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  updatedAt: number;
}

export function fullBucket(limit: BucketLimit, now: number): BucketState {
  return { tokens: limit.burst, updatedAt: now };
}

/** Tokens in the bucket at `now` (never more than the burst; a clock that steps back adds none). */
export function tokensAt(state: BucketState, limit: BucketLimit, now: number): number {
  const elapsed = now - state.updatedAt;
  return elapsed <= 0 ? state.tokens : Math.min(limit.burst, state.tokens + (elapsed * limit.rate) / 1000);
}

/** Milliseconds until a bucket holding `tokens` has one whole token again. */
export function msUntilToken(tokens: number, limit: BucketLimit): number {
  return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / limit.rate);
}
