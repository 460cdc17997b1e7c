/**
 * A bounded in-process LRU of responses (the local default without REDIS_URL). Bounded by entry
 * count and by bytes; the least recently used entries go first, expired ones whenever met.
 */
import type { Clock } from '@dwp/clock';
import { systemClock } from '@dwp/clock';
import { requirePositive } from '../errors.ts';
import { entrySize, type CachedResponse, type ResponseCache } from './response-cache.ts';

/** @default most entries kept */
export const DEFAULT_CACHE_MAX_ENTRIES = 10_000;
/** @default most bytes kept (API Gateway's smallest cache cluster is 0.5 GB; this is one process) */
export const DEFAULT_CACHE_MAX_BYTES = 64 * 1024 * 1024;

interface Slot {
  readonly entry: CachedResponse;
  readonly expiresAt: number;
  readonly size: number;
}

export interface MemoryResponseCacheOptions {
  /** @default 10000 */
  readonly maxEntries?: number;
  /** @default 64 MiB */
  readonly maxBytes?: number;
  readonly clock?: Clock;
}

export class MemoryResponseCache implements ResponseCache {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
  readonly #slots = new Map<string, Slot>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #clock: Clock;
  #bytes = 0;

  constructor(opts: MemoryResponseCacheOptions = {}) {
    this.#maxEntries = requirePositive('maxEntries', opts.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES);
    this.#maxBytes = requirePositive('maxBytes', opts.maxBytes ?? DEFAULT_CACHE_MAX_BYTES);
    this.#clock = opts.clock ?? systemClock;
  }

  get size(): number {
    return this.#slots.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get(key: string): CachedResponse | undefined {
    const slot = this.#slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.#clock.now()) {
      this.delete(key);
      return undefined;
    }
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot.entry;
  }

  set(key: string, entry: CachedResponse, ttlMs: number): void {
    this.delete(key);
    const size = entrySize(entry) + key.length;
    if (size > this.#maxBytes || ttlMs <= 0) return;
    this.#slots.set(key, { entry, expiresAt: this.#clock.now() + ttlMs, size });
    this.#bytes += size;
    for (const [oldest, slot] of this.#slots) {
      if (this.#slots.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#slots.delete(oldest);
      this.#bytes -= slot.size;
    }
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    this.#bytes -= slot.size;
  }

  async close(): Promise<void> {
    this.#slots.clear();
    this.#bytes = 0;
  }
}
