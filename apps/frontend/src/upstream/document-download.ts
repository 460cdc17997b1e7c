/**
 * Sends a stored document to the browser: claims-api gives a pre-signed URL (valid for minutes),
 * this fetches it and streams the bytes back, always as an attachment of a type claims-api stores,
 * so a file is never rendered in this site's origin. The URL never reaches the browser, so it
 * cannot be shared, and the document store need not be reachable from the browser (locally it is
 * the S3 stand-in on a loopback port; on AWS, a bucket with no public access).
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyReply } from 'fastify';
import { PlatformProblem } from '../web/web-errors.ts';
import { EVIDENCE_CONTENT_TYPES, type EvidenceContentType } from './claims-answers.ts';

/** How long a download from the document store may take to start. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/** `Content-Disposition` for a name the claimant chose: an ASCII fallback and the exact name (RFC 6266). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'evidence';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const isEvidenceType = (t: string): t is EvidenceContentType =>
  (EVIDENCE_CONTENT_TYPES as readonly string[]).includes(t);

/**
 * Streams the document at `url`. With `record` (the evidence record claims-api keeps), its type and
 * name are used; otherwise the store's own headers, when they are ones claims-api writes.
 * @throws {PlatformProblem} when the store does not answer with the file.
 */
export async function sendStoredDocument(
  reply: FastifyReply,
  url: string,
  record?: { readonly contentType: EvidenceContentType; readonly fileName: string },
): Promise<FastifyReply> {
  const file = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'error' }).catch(
    () => undefined,
  );
  if (!file?.ok || !file.body) {
    await file?.body?.cancel();
    throw new PlatformProblem('the document store', file?.status ?? 502);
  }
  const storedType = file.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
  const storedDisposition = file.headers.get('content-disposition') ?? '';
  reply
    .type(record?.contentType ?? (isEvidenceType(storedType) ? storedType : 'application/octet-stream'))
    .header(
      'content-disposition',
      record
        ? attachmentHeader(record.fileName)
        : /^attachment; filename="[A-Za-z0-9._-]{1,100}"$/.test(storedDisposition)
          ? storedDisposition
          : 'attachment',
    )
    .header('cache-control', 'no-store');
  const length = file.headers.get('content-length');
  if (length && /^\d+$/.test(length)) reply.header('content-length', length);
  // The same stream under two type libraries (the DOM's fetch and node:stream/web): a type-level cast only.
  return reply.send(Readable.fromWeb(file.body as WebReadableStream<Uint8Array>));
}
