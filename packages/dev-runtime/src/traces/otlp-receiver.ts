/**
 * `POST /v1/traces`, the OTLP/HTTP trace receiver. Answers as the OTLP/HTTP spec asks: 200 with an
 * empty ExportTraceServiceResponse in the request's encoding, 400 with a google.rpc.Status for a
 * body that does not decode, 413 past the size cap, 415 for another media type. A request is
 * decoded in full before anything is stored, so a refused request stores nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import {
  OtlpDecodeError,
  OtlpError,
  OtlpTooLargeError,
  OtlpUnsupportedEncodingError,
  OtlpUnsupportedMediaError,
} from './otlp-errors.ts';
import { decodeTraceRequestJson } from './otlp-json.ts';
import { decodeTraceRequestProtobuf, encodeEmptyResponseProtobuf, encodeStatusProtobuf } from './otlp-protobuf.ts';
import { SpanInterner } from './span-interner.ts';
import type { StoredSpan } from './span-model.ts';
import type { TraceStore } from './trace-store.ts';

/** @default 8 MiB, before and after gunzip */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** gRPC status codes, which google.rpc.Status.code carries. */
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNIMPLEMENTED = 12;

type Encoding = 'protobuf' | 'json';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

export interface OtlpReceiverOptions {
  /** @default DEFAULT_MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
}

export class OtlpTraceReceiver {
  readonly #store: TraceStore;
  readonly #maxBodyBytes: number;
  readonly #interner = new SpanInterner();

  constructor(store: TraceStore, options: OtlpReceiverOptions = {}) {
    this.#store = store;
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  /** Decodes a whole body; throws an {@link OtlpError} when it cannot. */
  decode(body: Uint8Array, encoding: Encoding): StoredSpan[] {
    return encoding === 'protobuf'
      ? decodeTraceRequestProtobuf(body, this.#interner)
      : decodeTraceRequestJson(
          Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'),
          this.#interner,
        );
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Until the media type is known, errors are answered in JSON.
    let encoding: Encoding = 'json';
    try {
      encoding = encodingOf(req.headers['content-type']);
      const raw = await this.#readBody(req);
      const body = await this.#decompress(raw, req.headers['content-encoding']);
      const spans = this.decode(body, encoding);
      this.#store.add(spans);
      if (encoding === 'protobuf') send(res, 200, PROTOBUF, encodeEmptyResponseProtobuf());
      else send(res, 200, JSON_TYPE, Buffer.from('{}'));
    } catch (err) {
      const e = err instanceof OtlpError ? err : new OtlpDecodeError('request could not be read');
      const grpc =
        e.status === 413 ? GRPC_RESOURCE_EXHAUSTED : e.status === 415 ? GRPC_UNIMPLEMENTED : GRPC_INVALID_ARGUMENT;
      if (e.status === 413) res.setHeader('connection', 'close');
      if (encoding === 'protobuf') send(res, e.status, PROTOBUF, encodeStatusProtobuf(grpc, e.message));
      else send(res, e.status, JSON_TYPE, Buffer.from(JSON.stringify({ code: grpc, message: e.message })));
      // Whatever of the body is still coming is read and thrown away, so the socket stays usable.
      if (!req.readableEnded) req.resume();
    }
  }

  #readBody(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
      return Promise.reject(new OtlpTooLargeError(this.#maxBodyBytes));
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > this.#maxBodyBytes) {
          failed = true;
          chunks.length = 0;
          reject(new OtlpTooLargeError(this.#maxBodyBytes));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!failed) resolve(Buffer.concat(chunks));
      });
      req.on('error', () => {
        if (!failed) reject(new OtlpDecodeError('request body was cut off'));
        failed = true;
      });
    });
  }

  #decompress(raw: Buffer, header: string | undefined): Promise<Buffer> {
    const coding = (header ?? 'identity').trim().toLowerCase();
    if (coding === 'identity' || coding === '') return Promise.resolve(raw);
    if (coding !== 'gzip') return Promise.reject(new OtlpUnsupportedEncodingError(coding));
    return new Promise((resolve, reject) => {
      gunzip(raw, { maxOutputLength: this.#maxBodyBytes }, (err, out) => {
        if (!err) resolve(out);
        else if (err instanceof RangeError) reject(new OtlpTooLargeError(this.#maxBodyBytes));
        else reject(new OtlpDecodeError('body is not valid gzip'));
      });
    });
  }
}

function encodingOf(header: string | undefined): Encoding {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === PROTOBUF) return 'protobuf';
  if (type === JSON_TYPE) return 'json';
  throw new OtlpUnsupportedMediaError(type);
}

function send(res: ServerResponse, status: number, type: string, body: Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': body.byteLength }).end(body);
}
