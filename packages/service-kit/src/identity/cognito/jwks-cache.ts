/**
 * The user pool's published keys, fetched once and kept. A token naming a `kid` the cache lacks
 * makes it fetch again, at most once per cooldown: a request arriving inside the cooldown waits for
 * the next allowed fetch rather than being refused, so a key rotation never fails a good token,
 * and a stream of made-up `kid`s never makes the gateway hammer the pool.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { createLocalJWKSet, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

export interface JwksCacheOptions {
  readonly url: string;
  /** Least time between two fetches. */
  readonly cooldownMs: number;
  /** Time after which the keys are fetched again even when every kid is known. */
  readonly maxAgeMs: number;
  readonly fetchJwks?: (url: string) => Promise<JSONWebKeySet>;
  /** @default systemClock */
  readonly clock?: Clock;
}

/** A published JWKS: jose checks each key when it is used, so only the envelope is checked here. */
const jwksBody = z.object({ keys: z.array(z.looseObject({ kid: z.string().optional() })) }, 'JWKS has no keys array');

async function fetchJson(url: string): Promise<JSONWebKeySet> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`JWKS fetch answered ${res.status}`);
  const body = jwksBody.safeParse(await res.json());
  if (!body.success) throw new Error('JWKS has no keys array');
  return body.data;
}

export class JwksCache {
  readonly #opts: JwksCacheOptions;
  #kids = new Set<string>();
  #local: JWTVerifyGetKey | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #pending: Promise<void> | undefined;

  constructor(opts: JwksCacheOptions) {
    if (opts.cooldownMs < 0 || opts.maxAgeMs <= 0) throw new TypeError('cooldownMs must be >= 0 and maxAgeMs > 0');
    this.#opts = opts;
  }

  /** For jose's jwtVerify. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const now = this.#now();
    const kid = header.kid;
    const stale = now - this.#fetchedAt > this.#opts.maxAgeMs;
    if (!this.#local || stale || (kid !== undefined && !this.#kids.has(kid))) await this.#refresh();
    if (!this.#local) throw new joseErrors.JWKSNoMatchingKey();
    return this.#local(header, token);
  };

  #now(): number {
    return (this.#opts.clock ?? systemClock).now();
  }

  /** One fetch at a time, and none sooner than the cooldown after the last. */
  #refresh(): Promise<void> {
    if (!this.#pending) {
      const wait = Math.max(0, this.#fetchedAt + this.#opts.cooldownMs - this.#now());
      this.#pending = (async () => {
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        try {
          const jwks = await (this.#opts.fetchJwks ?? fetchJson)(this.#opts.url);
          this.#local = createLocalJWKSet(jwks);
          this.#kids = new Set(jwks.keys.flatMap((k) => (k.kid ? [k.kid] : [])));
        } finally {
          this.#fetchedAt = this.#now();
          this.#pending = undefined;
        }
      })();
    }
    return this.#pending;
  }
}
