/**
 * Address lookups through a TTL cache: a postcode's addresses (and an unknown postcode, for less
 * time) are asked of Royal Mail once per TTL. A cache that fails is skipped, never fatal; so is an
 * entry that is not of the shape this version stores (reported to `onCacheError`, then replaced).
 */
import { z } from 'zod';
import { pafAddress, type PafAddress } from '../domain/paf-address.ts';
import type { AddressSource } from '../ports/royal-mail.ts';
import type { TtlCache } from './ttl-cache.ts';

/** (ours) PAF is updated daily; a day-old answer is what a printed address list would give. */
export const DEFAULT_ADDRESS_TTL_SECONDS = 86_400;
/** (ours) An unknown postcode may be a new one: ask again after an hour. */
export const DEFAULT_MISS_TTL_SECONDS = 3_600;
const KEY = 'address-api:v1';

const postcodeEntry = z.array(pafAddress);
/** An unknown UPRN is kept as `null`. */
const uprnEntry = pafAddress.nullable().transform((a) => a ?? undefined);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class CachedAddresses implements AddressSource {
  readonly #source: AddressSource;
  readonly #cache: TtlCache;
  readonly #ttl: number;
  readonly #missTtl: number;
  readonly #onCacheError: (err: unknown) => void;

  constructor(
    source: AddressSource,
    cache: TtlCache,
    opts: { ttlSeconds?: number; missTtlSeconds?: number; onCacheError?: (err: unknown) => void } = {},
  ) {
    this.#source = source;
    this.#cache = cache;
    this.#ttl = opts.ttlSeconds ?? DEFAULT_ADDRESS_TTL_SECONDS;
    this.#missTtl = opts.missTtlSeconds ?? Math.min(DEFAULT_MISS_TTL_SECONDS, this.#ttl);
    this.#onCacheError = opts.onCacheError ?? (() => undefined);
  }

  async #through<T>(key: string, entry: z.ZodType<T>, load: () => Promise<T>, isMiss: (t: T) => boolean): Promise<T> {
    const cached = await this.#cache.get(key).catch((err: unknown) => {
      this.#onCacheError(err);
      return undefined;
    });
    if (cached !== undefined) {
      const hit = entry.safeParse(parseJson(cached));
      if (hit.success) return hit.data;
      this.#onCacheError(new Error(`address cache entry ${key} is not of the shape this version stores`));
    }
    const value = await load();
    await this.#cache
      .set(key, JSON.stringify(value ?? null), isMiss(value) ? this.#missTtl : this.#ttl)
      .catch((err: unknown) => {
        this.#onCacheError(err);
      });
    return value;
  }

  byPostcode(postcode: string): Promise<PafAddress[]> {
    return this.#through(
      `${KEY}:postcode:${postcode}`,
      postcodeEntry,
      () => this.#source.byPostcode(postcode),
      (a) => a.length === 0,
    );
  }

  byUprn(uprn: string): Promise<PafAddress | undefined> {
    return this.#through(
      `${KEY}:uprn:${uprn}`,
      uprnEntry,
      () => this.#source.byUprn(uprn),
      (a) => !a,
    );
  }
}
