/**
 * One access token at a time, fetched when needed and replaced before it expires: a token is
 * reused until `min(60 s, half its lifetime)` before its expiry, and concurrent callers share one
 * fetch.
 */
import { systemClock, type Clock } from '@dwp/clock';

/** @default seconds before expiry at which a token is replaced */
export const TOKEN_REFRESH_MARGIN_S = 60;

export interface FetchedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

export class TokenCache {
  readonly #fetch: (signal: AbortSignal) => Promise<FetchedToken>;
  readonly #clock: Clock;
  #token: { value: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(fetch: (signal: AbortSignal) => Promise<FetchedToken>, clock: Clock = systemClock) {
    this.#fetch = fetch;
    this.#clock = clock;
  }

  /** A token with life left, fetching one when there is none. */
  get(signal: AbortSignal): Promise<string> | string {
    const t = this.#token;
    if (t && this.#clock.now() < t.refreshAt) return t.value;
    this.#pending ??= this.#fetch(signal)
      .then((fresh) => {
        const lifetimeMs = fresh.expiresInSeconds * 1000;
        const marginMs = Math.min(TOKEN_REFRESH_MARGIN_S * 1000, lifetimeMs / 2);
        this.#token = { value: fresh.accessToken, refreshAt: this.#clock.now() + lifetimeMs - marginMs };
        return fresh.accessToken;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  invalidate(): void {
    this.#token = undefined;
  }
}
