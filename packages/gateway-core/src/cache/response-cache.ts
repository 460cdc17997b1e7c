/** What the gateway keeps of an integration response, and the stores that keep it. */
export interface CachedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
}

/** In-process stores answer synchronously; shared ones return promises (await only a thenable). */
export interface ResponseCache {
  get(key: string): CachedResponse | undefined | Promise<CachedResponse | undefined>;
  set(key: string, entry: CachedResponse, ttlMs: number): void | Promise<void>;
  delete(key: string): void | Promise<void>;
  close(): Promise<void>;
}

/** Bytes an entry takes, roughly: body plus headers. */
export function entrySize(entry: CachedResponse): number {
  let size = entry.body.length;
  for (const k in entry.headers) size += k.length + String(entry.headers[k]).length;
  return size;
}
