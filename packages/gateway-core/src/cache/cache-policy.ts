/**
 * API Gateway's cache rules, read from the definition: which requests are cached, under which key,
 * for how long, and when a caller may invalidate an entry.
 *  - Only the definition's methods (GET unless it says otherwise), on routes that do not opt out,
 *    with a TTL above 0 (API Gateway allows at most 3600 s).
 *  - Key: method, path, then each key header and the query string (parameters sorted, so their
 *    order does not split entries). The key is hashed, so no token is stored in a key.
 *  - `Cache-Control: max-age=0` from an authorised caller drops the entry before fetching anew.
 */
import { createHash } from 'node:crypto';
import type { GatewayRoute, PrimaryGateway } from '@dwp/platform';
import { InvalidOptionError } from '../errors.ts';

/** API Gateway's largest cache TTL. */
export const MAX_CACHE_TTL_SECONDS = 3600;

export type CacheDecision =
  { readonly kind: 'bypass' } | { readonly kind: 'lookup'; readonly key: string; readonly invalidate: boolean };

export const BYPASS: CacheDecision = Object.freeze({ kind: 'bypass' });

export interface CacheRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?` ('' when none). */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Whether the caller passed authorisation (may invalidate its own entries). */
  readonly authorised: boolean;
}

const MAX_AGE_ZERO = /(?:^|,)\s*max-age\s*=\s*0\s*(?:,|$)/i;

function normaliseQuery(query: string): string {
  if (query === '' || !query.includes('&')) return query;
  return query.split('&').sort().join('&');
}

export class CachePolicy {
  readonly ttlMs: number;
  readonly maxEntryBytes: number;
  readonly #enabled: boolean;
  readonly #methods: ReadonlySet<string>;
  readonly #keyHeaders: readonly string[];
  readonly #keyQuery: boolean;

  constructor(gateway: PrimaryGateway) {
    const c = gateway.caching;
    if (c.ttlSeconds < 0 || c.ttlSeconds > MAX_CACHE_TTL_SECONDS) {
      throw new InvalidOptionError(
        'caching.ttlSeconds',
        `must be between 0 and ${MAX_CACHE_TTL_SECONDS}, got ${c.ttlSeconds}`,
      );
    }
    this.#enabled = c.enabled && c.ttlSeconds > 0;
    this.ttlMs = c.ttlSeconds * 1000;
    this.maxEntryBytes = c.maxEntryBytes;
    this.#methods = new Set(c.methods);
    this.#keyHeaders = c.keyHeaders.map((h) => h.toLowerCase());
    this.#keyQuery = c.keyQueryString;
  }

  /** Whether any request could be cached: a disabled cache costs the request path nothing. */
  get enabled(): boolean {
    return this.#enabled;
  }

  decide(route: GatewayRoute, req: CacheRequest): CacheDecision {
    if (!this.#enabled || route.caching?.enabled === false || !this.#methods.has(req.method)) return BYPASS;
    const hash = createHash('sha256');
    hash.update(req.method).update('\n').update(req.path);
    for (const h of this.#keyHeaders) {
      const v = req.headers[h];
      hash
        .update('\n')
        .update(h)
        .update(':')
        .update(v === undefined ? '' : Array.isArray(v) ? v.join(',') : v);
    }
    if (this.#keyQuery) hash.update('\n?').update(normaliseQuery(req.query));
    const cc = req.headers['cache-control'];
    const invalidate = req.authorised && typeof cc === 'string' && MAX_AGE_ZERO.test(cc);
    return { kind: 'lookup', key: hash.digest('base64url'), invalidate };
  }
}
