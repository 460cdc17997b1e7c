/**
 * A string cache whose entries expire: Redis (ElastiCache on AWS) when `REDIS_URL` is set, else in
 * this process. Either way an entry is never served after its TTL.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { connectRedis, type RedisClient } from '@dwp/service-kit';

export interface TtlCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/** In-process entries kept at most. @default 10000 */
export const DEFAULT_MAX_ENTRIES = 10_000;

export class MemoryTtlCache implements TtlCache {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #clock: Clock;
  readonly #max: number;

  constructor(opts: { clock?: Clock; maxEntries?: number } = {}) {
    this.#clock = opts.clock ?? systemClock;
    this.#max = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  async get(key: string): Promise<string | undefined> {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest is first to go.
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + ttlSeconds * 1000 });
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

export class RedisTtlCache implements TtlCache {
  readonly #redis: RedisClient;
  constructor(redis: RedisClient) {
    this.#redis = redis;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#redis.set(key, value, 'EX', ttlSeconds);
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }
}

export async function cacheFor(env: NodeJS.ProcessEnv): Promise<TtlCache> {
  const url = env.REDIS_URL;
  if (!url) return new MemoryTtlCache();
  return new RedisTtlCache(
    connectRedis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: false, lazyConnect: false, env }),
  );
}
