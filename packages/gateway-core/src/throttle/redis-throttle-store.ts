/**
 * Throttle state in Redis (ElastiCache on AWS), shared by every gateway replica. One Lua script
 * refills, checks and charges all of a request's buckets and its quota atomically, on Redis's own
 * clock (TIME), so replicas together admit no more than burst + rate x elapsed. The script mirrors
 * token-bucket.ts. Keys share one hash tag, so a clustered Redis keeps them in one slot.
 * If Redis stops answering, decisions fall back to an in-process store until it answers again.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '@dwp/clock';
import { StoreUnavailableError } from '../errors.ts';
import { MemoryThrottleStore } from './memory-throttle-store.ts';
import {
  ALLOWED,
  type BucketCheck,
  type QuotaCheck,
  type ThrottleDecision,
  type ThrottleStore,
} from './throttle-types.ts';

/** @default key prefix; the `{...}` hash tag pins every throttle key to one cluster slot. */
export const DEFAULT_THROTTLE_KEY_PREFIX = 'dwp:{throttle}:';
/**
 * Idle buckets expire once they would be full again, plus this margin (ms): an expired bucket reads
 * as full, so any margin is exact on Redis's clock; a long one also keeps it exact for callers that
 * pass their own (test) clock, which Redis's expiry does not follow.
 */
const BUCKET_EXPIRY_MARGIN_MS = 60_000;

// KEYS: bucket keys..., [quota key]
// ARGV: now-ms ('' = Redis TIME), n, rate1, burst1, ..., rateN, burstN, quotaLimit ('' = none), quotaPeriodEnd
const SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local n = tonumber(ARGV[2])
local tokens = {}
for i = 1, n do
  local rate = tonumber(ARGV[1 + 2 * i])
  local burst = tonumber(ARGV[2 + 2 * i])
  local s = redis.call('HMGET', KEYS[i], 't', 'u')
  local tk = tonumber(s[1])
  local up = tonumber(s[2])
  if not tk then tk = burst; up = now end
  if now > up then
    tk = math.min(burst, tk + (now - up) * rate / 1000)
    up = now
  end
  if tk < 1 then
    return {0, i, tostring(math.ceil((1 - tk) * 1000 / rate))}
  end
  tokens[i] = {tk, up, math.ceil(burst / rate * 1000)}
end
local qlimit = tonumber(ARGV[3 + 2 * n])
if qlimit then
  local used = tonumber(redis.call('GET', KEYS[n + 1]) or '0')
  local qend = tonumber(ARGV[4 + 2 * n])
  if used >= qlimit then
    return {0, -1, tostring(math.max(0, math.ceil(qend - now)))}
  end
  redis.call('INCR', KEYS[n + 1])
  redis.call('PEXPIRE', KEYS[n + 1], math.max(1000, math.ceil(qend - now)))
end
for i = 1, n do
  redis.call('HSET', KEYS[i], 't', tostring(tokens[i][1] - 1), 'u', tostring(tokens[i][2]))
  redis.call('PEXPIRE', KEYS[i], tokens[i][3] + ${BUCKET_EXPIRY_MARGIN_MS})
end
return {1}
`;

type ScriptReply = [0 | 1, number?, string?];
interface ThrottleCommands {
  dwpThrottle(numKeys: number, ...args: Array<string | number>): Promise<ScriptReply>;
}

export interface RedisThrottleStoreOptions {
  readonly redis: Redis;
  /** @default 'dwp:{throttle}:' */
  readonly keyPrefix?: string;
  /** Use this clock instead of Redis's TIME (tests). @default Redis TIME */
  readonly clock?: Clock;
  /** Told when Redis fails and the in-process fallback answers. */
  readonly onFallback?: (err: StoreUnavailableError) => void;
}

export class RedisThrottleStore implements ThrottleStore {
  readonly #redis: Redis & ThrottleCommands;
  readonly #prefix: string;
  readonly #clock: Clock | undefined;
  readonly #fallback: MemoryThrottleStore;
  readonly #onFallback: ((err: StoreUnavailableError) => void) | undefined;

  constructor(opts: RedisThrottleStoreOptions) {
    this.#redis = opts.redis as Redis & ThrottleCommands;
    if (typeof this.#redis.dwpThrottle !== 'function') this.#redis.defineCommand('dwpThrottle', { lua: SCRIPT });
    this.#prefix = opts.keyPrefix ?? DEFAULT_THROTTLE_KEY_PREFIX;
    this.#clock = opts.clock;
    this.#fallback = new MemoryThrottleStore(opts.clock ? { clock: opts.clock } : {});
    this.#onFallback = opts.onFallback;
  }

  async take(buckets: readonly BucketCheck[], quota?: QuotaCheck): Promise<ThrottleDecision> {
    const keys = buckets.map((b) => this.#prefix + b.key);
    const args: Array<string | number> = [this.#clock ? this.#clock.now() : '', buckets.length];
    for (const b of buckets) args.push(b.limit.rate, b.limit.burst);
    if (quota) {
      keys.push(`${this.#prefix}quota:${quota.key}:${quota.periodStart}`);
      args.push(quota.limit, quota.periodEnd);
    } else {
      args.push('', '');
    }
    let reply: ScriptReply;
    try {
      reply = await this.#redis.dwpThrottle(keys.length, ...keys, ...args);
    } catch (err) {
      this.#onFallback?.(new StoreUnavailableError('redis throttle store', err));
      return this.#fallback.take(buckets, quota);
    }
    if (reply[0] === 1) return ALLOWED;
    const index = reply[1]!;
    const retryAfterMs = Number(reply[2]);
    if (index === -1) return { kind: 'quota-exceeded', retryAfterMs };
    return { kind: 'throttled', level: buckets[index - 1]!.level, retryAfterMs };
  }

  async close(): Promise<void> {
    await this.#fallback.close();
  }
}
