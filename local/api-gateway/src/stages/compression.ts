/**
 * Response compression as API Gateway's minimumCompressionSize does it: a compressible answer of
 * at least the minimum size is compressed with the best encoding the caller accepts (br, then
 * gzip). Bodies of unknown length (streamed from the service) are compressed as they stream.
 */
import { Readable } from 'node:stream';
import { constants, brotliCompressSync, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { kGateway } from '../request-state.ts';

/** @default smallest body worth compressing, in bytes (API Gateway's minimumCompressionSize is per API; 1 KiB is the common choice) */
export const DEFAULT_MIN_COMPRESSION_BYTES = 1024;
/** Brotli at quality 4 compresses about as well as gzip -6 at a fraction of the CPU of its default (11). */
const BROTLI_OPTIONS = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } };
const COMPRESSIBLE = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript)|image\/svg\+xml)/i;

export type Encoding = 'br' | 'gzip' | undefined;

/** The encoding to use for an Accept-Encoding header: br when accepted, else gzip, else none. */
export function negotiate(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return undefined;
  let gzip = false;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.find((p) => p.trim().startsWith('q='));
    if (q && Number(q.trim().slice(2)) === 0) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === '*') gzip = true;
  }
  return gzip ? 'gzip' : undefined;
}

export interface CompressionStageOptions {
  /** @default 1024 */
  readonly minBytes?: number;
}

export const compressionStage = fp<CompressionStageOptions>(
  async (app: FastifyInstance, opts) => {
    const minBytes = opts.minBytes ?? DEFAULT_MIN_COMPRESSION_BYTES;
    if (!Number.isInteger(minBytes) || minBytes < 0)
      throw new TypeError(`compressionStage: minBytes must be a non-negative integer, got ${minBytes}`);
    app.addHook('onSend', (request, reply, payload, done) => {
      if (!request[kGateway] || payload === null || payload === undefined || request.method === 'HEAD') {
        done(null, payload);
        return;
      }
      const encoding = negotiate(request.headers['accept-encoding']);
      const type = reply.getHeader('content-type');
      if (!encoding || reply.hasHeader('content-encoding') || typeof type !== 'string' || !COMPRESSIBLE.test(type)) {
        done(null, payload);
        return;
      }
      reply.header('vary', 'accept-encoding');
      if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
        const buf = typeof payload === 'string' ? Buffer.from(payload) : payload;
        if (buf.length < minBytes) {
          done(null, payload);
          return;
        }
        reply.header('content-encoding', encoding).removeHeader('content-length');
        done(null, encoding === 'br' ? brotliCompressSync(buf, BROTLI_OPTIONS) : gzipSync(buf));
        return;
      }
      if (payload instanceof Readable) {
        const length = Number(reply.getHeader('content-length'));
        if (Number.isFinite(length) && length < minBytes) {
          done(null, payload);
          return;
        }
        reply.header('content-encoding', encoding).removeHeader('content-length');
        done(null, payload.pipe(encoding === 'br' ? createBrotliCompress(BROTLI_OPTIONS) : createGzip()));
        return;
      }
      done(null, payload);
    });
  },
  { name: 'api-gateway/compression' },
);
