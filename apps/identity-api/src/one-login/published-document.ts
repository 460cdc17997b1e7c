/**
 * A document One Login publishes (its discovery document, the JWKS of its ID token keys, the DID
 * document of its identity credential keys), kept as One Login asks: "cache the returned document
 * and reuse it", for as long as its `Cache-Control` says, and "if you cannot refresh the cache ...
 * continue to trust the cached version until you're able to refresh" (docs.sign-in.service.gov.uk,
 * "Cache the discovery document", "Caching the JWKS document", "Cache the DID document").
 */
import type { Clock } from '@dwp/clock';

/** A freshly read document and the `Cache-Control` it came with. */
export interface DocumentRead<T> {
  readonly value: T;
  readonly cacheControl: string | readonly string[] | undefined;
}

export interface PublishedDocumentOptions<T> {
  /** Reads the document from its publisher; throws when it cannot. */
  read(): Promise<DocumentRead<T>>;
  readonly clock: Clock;
  /** How long to keep a document whose answer names no `max-age`. */
  readonly defaultTtlMs: number;
  /** The longest a document is kept before it is read again, whatever its `max-age`. */
  readonly maxTtlMs: number;
}

/** `max-age` in seconds from a `Cache-Control` value (RFC 9111 5.2.2.1); 0 for `no-store` or `no-cache`. */
export function maxAgeOf(cacheControl: string | readonly string[] | undefined): number | undefined {
  const value = Array.isArray(cacheControl) ? cacheControl.join(',') : cacheControl;
  if (typeof value !== 'string') return undefined;
  const directives = value.split(',').map((d) => d.trim().toLowerCase());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  for (const d of directives) {
    const m = /^max-age=(\d+)$/.exec(d);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export class PublishedDocument<T> {
  readonly #opts: PublishedDocumentOptions<T>;
  #kept: { readonly value: T; readonly until: number } | undefined;
  #reading: Promise<T> | undefined;

  constructor(opts: PublishedDocumentOptions<T>) {
    this.#opts = opts;
  }

  /**
   * The document: the kept one while it is fresh, else read again (one read at a time). `refresh`
   * reads again whatever its age (a key the kept one lacks may have been published since).
   * @throws what `read` throws, when no document was ever read
   */
  async get(refresh = false): Promise<T> {
    const kept = this.#kept;
    if (kept && !refresh && this.#opts.clock.now() < kept.until) return kept.value;
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<T> {
    const { clock, defaultTtlMs, maxTtlMs } = this.#opts;
    try {
      const { value, cacheControl } = await this.#opts.read();
      const maxAge = maxAgeOf(cacheControl);
      const ttl = Math.min(maxAge === undefined ? defaultTtlMs : maxAge * 1000, maxTtlMs);
      this.#kept = { value, until: clock.now() + ttl };
      return value;
    } catch (err) {
      if (this.#kept) return this.#kept.value;
      throw err;
    }
  }
}
