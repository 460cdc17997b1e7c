/**
 * Evidence for a claim: the files the citizen has sent (each downloadable), what the caseworker
 * still needs, and an upload form whose limits are said before upload and enforced, with the
 * GOV.UK file upload error messages, before the bytes go on to claims-api.
 *
 * The upload is multipart/form-data, parsed by @fastify/multipart registered on this plugin's
 * scope only. The handler reads the file with `request.file()`, so nothing of the body is read
 * before the session plugin's preHandler has checked the CSRF token (from the action's `?_csrf=`):
 * a forged upload is refused before a byte of its file is consumed or stored.
 *
 * Downloads are streamed through this handler (document-download.ts) rather than redirected to
 * claims-api's pre-signed URL, which a browser cannot be assumed to reach.
 */
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isOpenForEvidence, openEvidenceRequest } from '../claims/claim-status.ts';
import { claimSummary, evidenceRows } from '../claims/claim-view.ts';
import { checkEvidenceUpload, MAX_EVIDENCE_BYTES, sizeInWords, type ReceivedFile } from '../claims/evidence-file.ts';
import { sameSitePath } from '../claims/return-to.ts';
import { formErrors, type FieldMessageKeys } from '../forms/form-errors.ts';
import type { SignedIn, SignedInUsers } from '../session/signed-in.ts';
import { downloadAnswer, evidenceAnswer } from '../upstream/claims-answers.ts';
import { sendStoredDocument } from '../upstream/document-download.ts';
import { CitizenClaims, claimIdOf, failed } from '../upstream/citizen-claims.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PageNotFound } from '../web/web-errors.ts';
import { leaveNotice, takeNotice } from './claim-notice.ts';

export interface EvidenceRoutesOptions {
  readonly api: PlatformApi;
  readonly users: SignedInUsers;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

/** The file input's name and id (the error summary links to it). */
export const FILE_FIELD = 'evidenceFile';

/**
 * Busboy's limits for the upload: one file of at most MAX_EVIDENCE_BYTES (a larger one is cut off
 * there and reported as too large, never buffered whole), and a few small fields at most (the form
 * has none: its CSRF token and return path travel in the action's query).
 */
const UPLOAD_LIMITS = {
  fileSize: MAX_EVIDENCE_BYTES,
  files: 1,
  fields: 4,
  fieldSize: 1024,
  parts: 6,
  headerPairs: 20,
} as const;

const returnToQuery = z.object({ returnTo: z.unknown().optional() });
const downloadParams = z.object({ claimId: z.uuid(), evidenceId: z.uuid() });

/** What claims-api's refusals of an upload mean, in the GOV.UK words of the form. */
const UPLOAD_REFUSAL: Readonly<Record<number, { key: string; status: number }>> = {
  400: { key: 'evidence.upload.error.empty', status: 400 },
  409: { key: 'evidence.upload.error.closed', status: 409 },
  413: { key: 'evidence.upload.error.tooLarge', status: 413 },
  415: { key: 'evidence.upload.error.type', status: 415 },
};

/** Reads the one file of a multipart upload, or undefined when the post has none. */
async function receivedFile(request: FastifyRequest): Promise<ReceivedFile | undefined | 'unreadable'> {
  if (!request.isMultipart()) return undefined;
  try {
    const part = await request.file({ limits: UPLOAD_LIMITS });
    if (!part) return undefined;
    try {
      return { fileName: part.filename, bytes: await part.toBuffer() };
    } catch (err) {
      if (err instanceof request.server.multipartErrors.RequestFileTooLargeError)
        return { fileName: part.filename, bytes: 'too-large' };
      throw err;
    }
  } catch (err) {
    // A malformed body, too many parts: the browser's post went wrong, not the service.
    request.log.warn(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'an evidence upload could not be read',
    );
    return 'unreadable';
  }
}

export async function evidenceRoutes(app: ServiceApp, deps: EvidenceRoutesOptions): Promise<void> {
  const { api, users } = deps;
  const claims = new CitizenClaims(api);

  const evidencePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    session: SignedIn,
    claimId: string,
    status: number,
    fields: FieldMessageKeys = [],
  ) => {
    const [claim, history, evidence] = await Promise.all([
      claims.claim(session, claimId),
      claims.history(session, claimId),
      claims.evidence(session, claimId),
    ]);
    const returnTo = sameSitePath(returnToQuery.parse(request.query ?? {}).returnTo);
    const notice = status === 200 ? await takeNotice(users, request, session, claimId) : undefined;
    return reply.page(
      'pages/claims/evidence.njk',
      {
        claim: claimSummary(claim),
        evidence: evidenceRows(evidence),
        evidenceRequest: openEvidenceRequest(claim.state, history),
        openForEvidence: isOpenForEvidence(claim.state),
        maxSize: sizeInWords(MAX_EVIDENCE_BYTES),
        fileField: FILE_FIELD,
        returnTo,
        formAction: `/claims/${claimId}/evidence?${new URLSearchParams({ _csrf: session.csrfToken, ...(returnTo ? { returnTo } : {}) })}`,
        notice,
        // Every upload message may name the limit ("smaller than 10MB"); it is said in one place.
        errors: formErrors(
          request.t,
          fields.map((f) => ({ ...f, params: { size: sizeInWords(MAX_EVIDENCE_BYTES) } })),
        ),
      },
      status,
    );
  };

  app.get('/claims/:claimId/evidence', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    return evidencePage(request, reply, session, claimIdOf(request.params), 200);
  });

  app.get('/claims/:claimId/evidence/:evidenceId/download', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const p = downloadParams.safeParse(request.params);
    if (!p.success) throw new PageNotFound();
    const { claimId, evidenceId } = p.data;
    const link = await api.request({
      path: `/claims/claims/${claimId}/evidence/${evidenceId}/download`,
      schema: downloadAnswer,
      accessToken: session.tokens.accessToken,
    });
    if (!link.ok) return failed('claims-api evidence download', link);
    return sendStoredDocument(reply, link.value.url);
  });

  // Multipart only here: every other form is urlencoded and small.
  await app.register(async (upload) => {
    await upload.register(multipart, { limits: UPLOAD_LIMITS });

    upload.post('/claims/:claimId/evidence', PAGE, async (request, reply) => {
      const session = await users.citizen(request);
      const claimId = claimIdOf(request.params);
      const received = await receivedFile(request);
      if (received === 'unreadable')
        return evidencePage(request, reply, session, claimId, 400, [
          { field: FILE_FIELD, key: 'evidence.upload.error.failed' },
        ]);
      const check = checkEvidenceUpload(received);
      if (!check.ok)
        return evidencePage(request, reply, session, claimId, check.status, [{ field: FILE_FIELD, key: check.key }]);

      // The same file sent twice to the same claim (a double click, a retried post) is stored once.
      const key = createHash('sha256').update(`${session.user.sub}\n${claimId}\n`).update(check.bytes).digest('hex');
      const res = await api.request({
        method: 'POST',
        path: `/claims/claims/${claimId}/evidence?${new URLSearchParams({ fileName: check.fileName })}`,
        schema: evidenceAnswer,
        body: check.bytes,
        accessToken: session.tokens.accessToken,
        headers: { 'content-type': check.contentType, 'idempotency-key': key },
      });
      if (!res.ok) {
        const refusal = UPLOAD_REFUSAL[res.status];
        if (!refusal) return failed('claims-api evidence upload', res);
        return evidencePage(request, reply, session, claimId, refusal.status, [
          { field: FILE_FIELD, key: refusal.key },
        ]);
      }
      // Back where the citizen came from (the application's task list shows the file), or to the list with a banner.
      const returnTo = sameSitePath(returnToQuery.parse(request.query ?? {}).returnTo);
      if (returnTo) return reply.seeOther(returnTo);
      await leaveNotice(users, session, { claimId, kind: 'uploaded', fileName: res.value.fileName });
      return reply.seeOther(`/claims/${claimId}/evidence`);
    });
  });
}
