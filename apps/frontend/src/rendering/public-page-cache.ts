/**
 * Pages that are the same for every visitor who is not signed in, in a language, at a URL (the
 * start page, help pages, the empty sign-in form) are rendered once and kept. What differs per
 * request (the CSP nonce, and a form's CSRF token) is rendered as a marker and put in on the way
 * out, so every answer still has its own nonce and token. Bounded: the oldest entry goes first, so
 * queries made up to fill it only evict each other.
 */
import { randomBytes } from 'node:crypto';

/** Letters and digits only: HTML escaping leaves them as they are, so a marker survives rendering. */
const marker = (name: string) => `${name}${randomBytes(16).toString('hex')}`;

export interface PerRequest {
  readonly cspNonce: string;
  readonly csrfToken: string | undefined;
}

export class PublicPageCache {
  /** What a page is rendered with instead of the request's own values. */
  readonly markers: { readonly cspNonce: string; readonly csrfToken: string } = {
    cspNonce: marker('cspnonce'),
    csrfToken: marker('csrftoken'),
  };
  readonly #pages = new Map<string, string>();
  readonly #maxEntries: number;

  constructor(maxEntries = 256) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#pages.size;
  }

  /** The page for `key`, rendered by `render` (with the markers) the first time. */
  page(key: string, values: PerRequest, render: () => string): string {
    let html = this.#pages.get(key);
    if (html === undefined) {
      html = render();
      if (this.#pages.size >= this.#maxEntries) this.#pages.delete(this.#pages.keys().next().value!);
      this.#pages.set(key, html);
    }
    const withNonce = html.replaceAll(this.markers.cspNonce, values.cspNonce);
    return values.csrfToken === undefined ? withNonce : withNonce.replaceAll(this.markers.csrfToken, values.csrfToken);
  }
}
