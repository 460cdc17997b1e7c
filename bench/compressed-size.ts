/** How many bytes a resource's body takes on the wire when the client accepts only gzip. */
import { get } from 'node:http';

export interface Compressed {
  readonly url: string;
  /** The body as sent, before any decompression. */
  readonly bytes: number;
  /** The response's content-encoding (`gzip`), or `identity` when it was sent uncompressed. */
  readonly encoding: string;
}

export function gzippedSize(url: string): Promise<Compressed> {
  return new Promise((resolvePromise, reject) => {
    // node:http, not fetch: fetch decompresses, and its byte count would be the plain size.
    const req = get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) {
          reject(new Error(`${url} answered ${res.statusCode}`));
          return;
        }
        resolvePromise({ url, bytes, encoding: res.headers['content-encoding'] ?? 'identity' });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
