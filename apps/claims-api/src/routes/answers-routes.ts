/**
 * The claimant's answers to a draft claim, saved as each question page is answered, so a
 * timed-out session loses nothing. A PUT replaces the whole object: sending it twice is the same
 * as sending it once, so it needs no Idempotency-Key.
 */
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { actingUserOf } from '../acting-user.ts';
import type { ClaimWorkflow } from '../claim-workflow.ts';
import { claimIdParams, claimView, errorView, toClaimView } from './claim-views.ts';

/** A claim's answers are a few hundred short values; this is far above any real claim. */
export const MAX_ANSWERS_BYTES = 32 * 1024;
export const MAX_ANSWER_KEYS = 200;

export const answersBody = z
  .record(z.string().min(1).max(64), z.unknown())
  .refine((a) => Object.keys(a).length <= MAX_ANSWER_KEYS, `at most ${MAX_ANSWER_KEYS} answers`)
  .describe("All the claimant's answers so far: replaces the answers the claim has");

export function answersRoutes(app: ServiceApp, deps: { workflow: ClaimWorkflow }): void {
  app.put(
    '/claims/claims/:claimId/answers',
    {
      // Over the cap, the body is refused before it is parsed (413).
      bodyLimit: MAX_ANSWERS_BYTES,
      schema: {
        tags: ['claims'],
        summary: 'Replace the answers of your draft claim (only its claimant, only while it is a draft)',
        params: claimIdParams,
        body: answersBody,
        response: { 200: claimView, 400: errorView, 403: errorView, 404: errorView, 409: errorView, 413: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      return toClaimView(await deps.workflow.replaceAnswers(user, request.params.claimId, request.body), user);
    },
  );
}
