/**
 * The sliding-window log in Redis (ElastiCache on AWS), shared by every gateway replica: one Lua
 * script prunes, counts and records atomically on Redis's own clock, so replicas together never
 * admit more than the limit in any window. If Redis stops answering, an in-process log decides
 * until it answers again (and the failure is reported), so egress keeps working on one replica's
 * share of the truth rather than stopping.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@dwp/clock';
import type { RedisClient } from '@dwp/service-kit';
import { MemoryLimiter } from './memory-limiter.ts';
import { ALLOWED, type LimitDecision, type OutboundLimiter, type WindowLimit } from './outbound-limiter.ts';

/** @default key prefix; the hash tag keeps every key in one cluster slot. */
export const DEFAULT_LIMIT_KEY_PREFIX = 'dwp:{egress}:';
/** The hash tag and separator after an environment's own prefix. */
export const LIMIT_KEY_SUFFIX = '{egress}:';

// KEYS[1]: the log; ARGV: now-ms ('' = Redis TIME), window-ms, limit, member, record (1 = take, 0 = count)
const SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if ARGV[5] == '0' then return {count, 0} end
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return {0, math.max(1, math.ceil(tonumber(oldest[2]) + window - now))}
`;

interface LimiterCommands {
  dwpEgressLimit(key: string, ...args: Array<string | number>): Promise<[number, number]>;
}

export interface RedisLimiterOptions {
  readonly redis: RedisClient;
  /** @default 'dwp:{egress}:' */
  readonly keyPrefix?: string;
  /** Use this clock instead of Redis TIME (tests). */
  readonly clock?: Clock;
  readonly onFallback?: (err: Error) => void;
}

export class RedisLimiter implements OutboundLimiter {
  readonly #redis: RedisClient & LimiterCommands;
  readonly #prefix: string;
  readonly #clock: Clock | undefined;
  readonly #fallback: MemoryLimiter;
  readonly #onFallback: ((err: Error) => void) | undefined;

  constructor(opts: RedisLimiterOptions) {
    this.#redis = opts.redis as RedisClient & LimiterCommands;
    if (typeof this.#redis.dwpEgressLimit !== 'function')
      this.#redis.defineCommand('dwpEgressLimit', { numberOfKeys: 1, lua: SCRIPT });
    this.#prefix = opts.keyPrefix ?? DEFAULT_LIMIT_KEY_PREFIX;
    this.#clock = opts.clock;
    this.#fallback = new MemoryLimiter(opts.clock ? { clock: opts.clock } : {});
    this.#onFallback = opts.onFallback;
  }

  async #run(key: string, limit: WindowLimit, record: boolean): Promise<[number, number]> {
    const now = this.#clock ? String(this.#clock.now()) : '';
    return this.#redis.dwpEgressLimit(
      this.#prefix + key,
      now,
      limit.windowMs,
      limit.requests,
      randomUUID(),
      record ? 1 : 0,
    );
  }

  async take(key: string, limit: WindowLimit): Promise<LimitDecision> {
    try {
      const [ok, retryAfterMs] = await this.#run(key, limit, true);
      return ok === 1 ? ALLOWED : { kind: 'limited', retryAfterMs };
    } catch (err) {
      this.#onFallback?.(err as Error);
      return this.#fallback.take(key, limit);
    }
  }

  async used(key: string, limit: WindowLimit): Promise<number> {
    try {
      return (await this.#run(key, limit, false))[0];
    } catch {
      return this.#fallback.used(key, limit);
    }
  }

  async close(): Promise<void> {
    await this.#fallback.close();
  }
}
