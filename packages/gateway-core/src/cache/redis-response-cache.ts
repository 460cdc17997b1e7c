/**
 * Responses in Redis (ElastiCache on AWS), shared by every gateway replica. An entry is one value:
 * a 4-byte length, the status and headers as JSON, then the body bytes; Redis expires it (PX).
 * If Redis fails, the cache is skipped (a miss), never the request.
 */
import type { Redis } from 'ioredis';
import { StoreUnavailableError } from '../errors.ts';
import type { CachedResponse, ResponseCache } from './response-cache.ts';

/** @default key prefix of cached responses */
export const DEFAULT_CACHE_KEY_PREFIX = 'dwp:cache:';

export interface RedisResponseCacheOptions {
  readonly redis: Redis;
  /** @default 'dwp:cache:' */
  readonly keyPrefix?: string;
  /** Told when Redis fails and the request goes on without the cache. */
  readonly onError?: (err: StoreUnavailableError) => void;
}

export function encodeEntry(entry: CachedResponse): Buffer {
  const head = Buffer.from(JSON.stringify({ s: entry.status, h: entry.headers }));
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(head.length, 0);
  return Buffer.concat([len, head, entry.body]);
}

export function decodeEntry(raw: Buffer): CachedResponse | undefined {
  if (raw.length < 4) return undefined;
  const n = raw.readUInt32BE(0);
  if (raw.length < 4 + n) return undefined;
  const head = JSON.parse(raw.subarray(4, 4 + n).toString('utf8')) as { s?: unknown; h?: unknown };
  if (typeof head.s !== 'number' || typeof head.h !== 'object' || head.h === null) return undefined;
  return { status: head.s, headers: head.h as Record<string, string | string[]>, body: raw.subarray(4 + n) };
}

export class RedisResponseCache implements ResponseCache {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #onError: ((err: StoreUnavailableError) => void) | undefined;

  constructor(opts: RedisResponseCacheOptions) {
    this.#redis = opts.redis;
    this.#prefix = opts.keyPrefix ?? DEFAULT_CACHE_KEY_PREFIX;
    this.#onError = opts.onError;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      const raw = await this.#redis.getBuffer(this.#prefix + key);
      return raw ? decodeEntry(raw) : undefined;
    } catch (err) {
      this.#onError?.(new StoreUnavailableError('redis response cache', err));
      return undefined;
    }
  }

  async set(key: string, entry: CachedResponse, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    try {
      await this.#redis.set(this.#prefix + key, encodeEntry(entry), 'PX', Math.ceil(ttlMs));
    } catch (err) {
      this.#onError?.(new StoreUnavailableError('redis response cache', err));
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.#redis.del(this.#prefix + key);
    } catch (err) {
      this.#onError?.(new StoreUnavailableError('redis response cache', err));
    }
  }

  async close(): Promise<void> {}
}
