/**
 * A caseworker downloads a claimant's document through this frontend (see document-download.ts),
 * with the type and name of claims-api's record of it.
 */
import type { ServiceApp } from '@dwp/service-kit';
import { answerOf, claimApiPath, evidenceIdsOf } from '../caseworker/casework-upstream.ts';
import { evidenceDownloadAnswer, staffEvidencePageAnswer } from '../upstream/caseworker-answers.ts';
import { sendStoredDocument } from '../upstream/document-download.ts';
import { PageNotFound } from '../web/web-errors.ts';
import type { CaseworkerRoutesOptions } from './caseworker-queue-routes.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
/** claims-api's page limit: the evidence of one claim is far fewer files. */
const EVIDENCE_LIMIT = 100;

export function caseworkerEvidenceRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  app.get('/caseworker/claims/:claimId/evidence/:evidenceId/download', PAGE, async (request, reply) => {
    const session = await deps.users.staff(request);
    const { claimId, evidenceId } = evidenceIdsOf(request.params);
    const token = session.tokens.accessToken;
    // The record says what the file is; the type is one claims-api checked from its bytes.
    const list = answerOf(
      await deps.api.request({
        path: claimApiPath(claimId, `/evidence?limit=${EVIDENCE_LIMIT}`),
        schema: staffEvidencePageAnswer,
        accessToken: token,
      }),
      'claims-api evidence',
    );
    const evidence = list.items.find((e) => e.id === evidenceId);
    if (!evidence) throw new PageNotFound();
    const link = answerOf(
      await deps.api.request({
        path: claimApiPath(claimId, `/evidence/${evidenceId}/download`),
        schema: evidenceDownloadAnswer,
        accessToken: token,
      }),
      'claims-api evidence download',
    );

    return sendStoredDocument(reply, link.url, evidence);
  });
}
