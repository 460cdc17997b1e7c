/**
 * A caseworker downloads a claimant's document through this frontend: claims-api gives a
 * pre-signed URL (valid for minutes), this route fetches it and streams the bytes back with the
 * document's own type and name. The URL never reaches the browser, so it cannot be shared, and the
 * document store need not be reachable from a caseworker's desk.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ServiceApp } from '@dwp/service-kit';
import { answerOf, claimApiPath, evidenceIdsOf } from '../caseworker/casework-upstream.ts';
import { evidenceDownloadAnswer, staffEvidencePageAnswer } from '../upstream/caseworker-answers.ts';
import { PageNotFound, PlatformProblem } from '../web/web-errors.ts';
import type { CaseworkerRoutesOptions } from './caseworker-queue-routes.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
/** claims-api's page limit: the evidence of one claim is far fewer files. */
const EVIDENCE_LIMIT = 100;
const FETCH_TIMEOUT_MS = 30_000;

/** `Content-Disposition` for a name the claimant chose: an ASCII fallback and the exact name (RFC 6266). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'evidence';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function caseworkerEvidenceRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  app.get('/caseworker/claims/:claimId/evidence/:evidenceId/download', PAGE, async (request, reply) => {
    const session = await deps.users.staff(request);
    const { claimId, evidenceId } = evidenceIdsOf(request.params);
    const token = session.tokens.accessToken;
    // The record says what the file is; the type is one claims-api checked from its bytes.
    const list = answerOf(await deps.api.request({ path: claimApiPath(claimId, `/evidence?limit=${EVIDENCE_LIMIT}`), schema: staffEvidencePageAnswer, accessToken: token }), 'claims-api evidence');
    const evidence = list.items.find((e) => e.id === evidenceId);
    if (!evidence) throw new PageNotFound();
    const link = answerOf(await deps.api.request({ path: claimApiPath(claimId, `/evidence/${evidenceId}/download`), schema: evidenceDownloadAnswer, accessToken: token }), 'claims-api evidence download');

    const res = await fetch(link.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' }).catch(() => undefined);
    if (!res?.ok || !res.body) throw new PlatformProblem('the document store', res?.status ?? 502);
    const length = res.headers.get('content-length');
    reply
      .type(evidence.contentType)
      .header('content-disposition', attachmentHeader(evidence.fileName))
      .header('cache-control', 'no-store');
    if (length && /^\d+$/.test(length)) reply.header('content-length', length);
    // The same stream under two type libraries (the DOM's fetch and node:stream/web): a type-level cast only.
    return reply.send(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>));
  });
}
