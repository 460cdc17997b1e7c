/** An API key in a header: OS Data Hub / Royal Mail address APIs take it in `key`. */
import type { UpstreamAuth } from './upstream-auth.ts';

export const API_KEY_HEADER = 'key';
const NONE: ReadonlySet<string> = new Set();

export class ApiKeyAuth implements UpstreamAuth {
  readonly passThrough = NONE;
  readonly refreshable = false;
  readonly #key: string;

  constructor(key: string) {
    if (!key) throw new TypeError('an API key is required');
    this.#key = key;
  }

  apply(headers: Record<string, string>): void {
    headers[API_KEY_HEADER] = this.#key;
  }

  invalidate(): void {}
}
