/** A caseworker's routes: ask for evidence, start the assessment, keep a checklist and notes, decide. */
import {
  afterIdOf,
  fingerprint,
  idempotencyHeaders,
  idempotent,
  inTransaction,
  pageById,
  pageOf,
  pageQuery,
  uuidv7,
} from '@dwp/data-kit';
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import type pg from 'pg';
import type { ClaimWorkflow } from '../claim-workflow.ts';
import { checklistOfClaim, insertNote, notesOfClaim, readStored, setChecklistItem } from '../store/claims-store.ts';
import { requireCaseworker } from './claim-routes.ts';
import {
  checklistItemView,
  claimIdParams,
  claimView,
  errorView,
  noteView,
  toChecklistView,
  toClaimView,
  toNoteView,
} from './claim-views.ts';

const TAG = ['assessment'];

/** What a caseworker checks before deciding (ours, from DWP's published claim guidance). */
export const CHECKLIST_ITEMS = [
  'identity-verified',
  'address-confirmed',
  'income-checked',
  'capital-checked',
  'household-confirmed',
  'evidence-reviewed',
] as const;

export function assessmentRoutes(app: ServiceApp, deps: { pool: pg.Pool; workflow: ClaimWorkflow }): void {
  app.post(
    '/claims/claims/:claimId/evidence-request',
    {
      schema: {
        tags: TAG,
        summary: 'Ask the claimant for evidence, saying what and why',
        params: claimIdParams,
        body: z.object({
          reason: z.string().trim().min(1).max(2000).describe('What the claimant must send, in plain words'),
        }),
        response: { 200: claimView, 403: errorView, 404: errorView, 409: errorView },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      return toClaimView(
        await deps.workflow.apply(user, request.params.claimId, 'request_evidence', {
          reason: request.body.reason,
          context: { trace: request.trace, id: request.id },
        }),
        user,
      );
    },
  );

  app.post(
    '/claims/claims/:claimId/assessment',
    {
      schema: {
        tags: TAG,
        summary: 'Start assessing a submitted claim',
        params: claimIdParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000).optional() }).default({}),
        response: { 200: claimView, 403: errorView, 404: errorView, 409: errorView },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      return toClaimView(
        await deps.workflow.apply(user, request.params.claimId, 'start_assessment', {
          ...(request.body.reason ? { reason: request.body.reason } : {}),
        }),
        user,
      );
    },
  );

  app.post(
    '/claims/claims/:claimId/decision',
    {
      schema: {
        tags: TAG,
        summary: 'Decide a claim (or a mandatory reconsideration), with reasons',
        params: claimIdParams,
        body: z
          .object({
            outcome: z.enum(['awarded', 'refused']),
            reasons: z.array(z.string().trim().min(1).max(1000)).min(1),
            monthlyAmountPence: z
              .number()
              .int()
              .positive()
              .optional()
              .describe('Required for an award: the monthly amount in pence'),
          })
          .refine((d) => d.outcome === 'refused' || d.monthlyAmountPence !== undefined, {
            message: 'an award needs monthlyAmountPence',
            path: ['monthlyAmountPence'],
          }),
        response: { 200: claimView, 400: errorView, 403: errorView, 404: errorView, 409: errorView },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      const { outcome, reasons, monthlyAmountPence } = request.body;
      const claim = await deps.workflow.apply(
        user,
        request.params.claimId,
        outcome === 'awarded' ? 'award' : 'refuse',
        {
          decision: { reasons, ...(monthlyAmountPence !== undefined ? { monthlyAmountPence } : {}) },
        },
      );
      return toClaimView(claim, user);
    },
  );

  app.get(
    '/claims/claims/:claimId/checklist',
    {
      schema: {
        tags: TAG,
        summary: 'The assessment checklist: every item and whether it is checked',
        params: claimIdParams,
        response: {
          200: z.object({ items: z.array(checklistItemView), outstanding: z.array(z.enum(CHECKLIST_ITEMS)) }),
          403: errorView,
          404: errorView,
        },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      const claim = await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId);
      const items = await checklistOfClaim(deps.pool, claim.id);
      const done = new Set(items.filter((i) => i.checked).map((i) => i.item));
      return { items: items.map(toChecklistView), outstanding: CHECKLIST_ITEMS.filter((i) => !done.has(i)) };
    },
  );

  app.put(
    '/claims/claims/:claimId/checklist/:item',
    {
      schema: {
        tags: TAG,
        summary: 'Tick or untick one checklist item',
        params: claimIdParams.extend({ item: z.enum(CHECKLIST_ITEMS) }),
        body: z.object({ checked: z.boolean() }),
        response: { 200: checklistItemView, 403: errorView, 404: errorView },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      const item = {
        item: request.params.item,
        checked: request.body.checked,
        checkedBy: user.sub,
        checkedAt: new Date().toISOString(),
      };
      await inTransaction(deps.pool, async (tx) => {
        const claim = await deps.workflow.visibleClaim(tx, user, request.params.claimId, true);
        await setChecklistItem(tx, claim.id, item);
      });
      return item;
    },
  );

  app.get(
    '/claims/claims/:claimId/notes',
    {
      schema: {
        tags: TAG,
        summary: 'Caseworker notes on a claim, oldest first, a page at a time',
        params: claimIdParams,
        querystring: pageQuery,
        response: { 200: pageOf(noteView), 400: errorView, 403: errorView, 404: errorView },
      },
    },
    async (request) => {
      const user = requireCaseworker(request);
      const claim = await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId);
      const { limit, cursor } = request.query;
      return pageById(
        await notesOfClaim(deps.pool, claim.id, { after: afterIdOf(cursor), limit: limit + 1 }),
        limit,
        toNoteView,
      );
    },
  );

  app.post(
    '/claims/claims/:claimId/notes',
    {
      schema: {
        tags: TAG,
        summary: 'Add a caseworker note',
        params: claimIdParams,
        headers: idempotencyHeaders,
        body: z.object({ body: z.string().trim().min(1).max(5000) }),
        response: { 201: noteView, 403: errorView, 404: errorView, 422: errorView },
      },
    },
    async (request, reply) => {
      const user = requireCaseworker(request);
      const res = await idempotent(
        deps.pool,
        {
          scope: `${user.sub}:note`,
          key: request.headers['idempotency-key'],
          fingerprint: fingerprint(request.params.claimId, request.body),
        },
        async (tx) => {
          const claim = await deps.workflow.visibleClaim(tx, user, request.params.claimId);
          const note = {
            id: uuidv7(),
            claimId: claim.id,
            authorSub: user.sub,
            body: request.body.body,
            createdAt: new Date().toISOString(),
          };
          await insertNote(tx, note);
          return { status: 201, body: toNoteView(note) };
        },
      );
      const body = res.replayed
        ? readStored(
            `The note answered to Idempotency-Key ${request.headers['idempotency-key'] ?? ''}`,
            noteView,
            res.body,
          )
        : res.body;
      return reply.code(res.status as 201).send(body);
    },
  );
}
