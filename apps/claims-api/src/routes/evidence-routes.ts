/**
 * Evidence: the claimant uploads the file's bytes as the request body (PDF, JPEG or PNG, up to
 * 10 MB; the type is read from the bytes), lists it, and gets a short-lived download URL.
 */
import {
  afterIdOf,
  fingerprint,
  idempotencyHeaders,
  idempotent,
  pageById,
  pageOf,
  pageQuery,
  replayOf,
} from '@dwp/data-kit';
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import type pg from 'pg';
import { actingUserOf } from '../acting-user.ts';
import type { ClaimWorkflow } from '../claim-workflow.ts';
import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES } from '../domain/evidence-file.ts';
import { EvidenceNotFoundError } from '../errors.ts';
import { DOWNLOAD_URL_SECONDS, type DocumentStore } from '../ports/document-store.ts';
import { evidenceOfClaim, findEvidence, readStored } from '../store/claims-store.ts';
import { claimIdParams, errorView, evidenceView, toEvidenceView } from './claim-views.ts';

/** Content types an upload may be sent as; what it really is comes from its bytes. */
const UPLOAD_MEDIA_TYPES = [...EVIDENCE_TYPES, 'application/octet-stream'];
const TAG = ['evidence'];

export function evidenceRoutes(
  app: ServiceApp,
  deps: { pool: pg.Pool; workflow: ClaimWorkflow; documents: DocumentStore },
): void {
  app.addContentTypeParser(
    UPLOAD_MEDIA_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/claims/claims/:claimId/evidence',
    {
      bodyLimit: MAX_EVIDENCE_BYTES,
      schema: {
        tags: TAG,
        summary: 'Upload one evidence document (the file bytes as the body: PDF, JPEG or PNG, at most 10 MB)',
        params: claimIdParams,
        querystring: z.object({
          fileName: z.string().max(200).optional().describe('The name the citizen knows the file by'),
        }),
        headers: idempotencyHeaders,
        consumes: UPLOAD_MEDIA_TYPES,
        response: { 201: evidenceView, 400: errorView, 404: errorView, 409: errorView, 413: errorView, 415: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUserOf(request);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const key = request.headers['idempotency-key'];
      const print = fingerprint(request.params.claimId, bytes.toString('base64'));
      const idem = { scope: `${user.sub}:evidence`, key, fingerprint: print };
      // A replay neither stores the file again nor records it twice.
      const stored = (body: unknown) =>
        readStored(`The evidence answered to Idempotency-Key ${key ?? ''}`, evidenceView, body);
      const replay = await replayOf<unknown>(deps.pool, idem);
      if (replay) return reply.code(201).send(stored(replay.body));
      // Store first (outside the transaction); the record commits with the state change it causes.
      const file = await deps.workflow.storeEvidence(user, request.params.claimId, bytes, request.query.fileName);
      let res;
      try {
        res = await idempotent(deps.pool, idem, async (tx) => ({
          status: 201,
          body: toEvidenceView(await deps.workflow.recordEvidence(tx, user, file)),
        }));
      } catch (err) {
        // Nothing points at the file now (the claim closed meanwhile, or the database failed): remove
        // it rather than keep a citizen's document no one can reach. Only a crash in between leaves one.
        await deps.documents.delete(file.objectKey).catch((e: unknown) => {
          request.log.error({ err: e, key: file.objectKey }, 'could not remove an unrecorded evidence file');
        });
        throw err;
      }
      deps.workflow.kickOutbox();
      return reply.code(res.status as 201).send(res.replayed ? stored(res.body) : res.body);
    },
  );

  app.get(
    '/claims/claims/:claimId/evidence',
    {
      schema: {
        tags: TAG,
        summary: 'The evidence on a claim, oldest first, a page at a time',
        params: claimIdParams,
        querystring: pageQuery,
        response: { 200: pageOf(evidenceView), 400: errorView, 404: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      const claim = await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId);
      const { limit, cursor } = request.query;
      return pageById(
        await evidenceOfClaim(deps.pool, claim.id, { after: afterIdOf(cursor), limit: limit + 1 }),
        limit,
        toEvidenceView,
      );
    },
  );

  app.get(
    '/claims/claims/:claimId/evidence/:evidenceId/download',
    {
      schema: {
        tags: TAG,
        summary: `A pre-signed URL that downloads the document for ${DOWNLOAD_URL_SECONDS} seconds`,
        params: claimIdParams.extend({ evidenceId: z.uuid() }),
        response: { 200: z.object({ url: z.url(), expiresAt: z.iso.datetime() }), 404: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      const claim = await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId);
      const evidence = await findEvidence(deps.pool, claim.id, request.params.evidenceId);
      if (!evidence) throw new EvidenceNotFoundError(request.params.evidenceId);
      const url = await deps.documents.downloadUrl(evidence.objectKey, evidence.fileName, DOWNLOAD_URL_SECONDS);
      return { url, expiresAt: new Date(Date.now() + DOWNLOAD_URL_SECONDS * 1000).toISOString() };
    },
  );
}
