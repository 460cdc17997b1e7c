/** The claimant's routes (caseworkers may read the same): start, list, read, history, and the citizen's steps. */
import { afterIdOf, fingerprint, idempotencyHeaders, idempotent, pageById, pageOf, pageQuery } from '@dwp/data-kit';
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import { actingUserOf } from '../acting-user.ts';
import type { ClaimWorkflow } from '../claim-workflow.ts';
import { BENEFITS } from '../domain/benefits.ts';
import { CLAIM_STATES, type ClaimEvent } from '../domain/claim-state-machine.ts';
import { CaseworkerOnlyError } from '../errors.ts';
import { auditOfClaim, listClaims, readStored } from '../store/claims-store.ts';
import { claimIdParams, claimView, errorView, historyEntryView, toClaimView, toHistoryView } from './claim-views.ts';
import type pg from 'pg';

const createBody = z.object({
  benefit: z.enum(BENEFITS),
  answers: z.record(z.string(), z.unknown()).default({}).describe("The claimant's answers to the claim questions"),
});

const reasonBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() }).default({});

/** Several values of a filter: repeated (`?state=a&state=b`) or a comma list (`?state=a,b`). */
const anyOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      [v]
        .flat()
        .flatMap((s) => s.split(','))
        .filter((s) => s !== ''),
    )
    .pipe(
      z
        .array(z.enum(values))
        .min(1)
        .max(values.length * 2),
    )
    .optional();

/** A caseworker's work queue filters (a citizen's own list takes them too). */
const listQuery = pageQuery.extend({
  state: anyOf(CLAIM_STATES).describe('Only claims in these states (comma list or repeated)'),
  benefit: anyOf(BENEFITS).describe('Only claims for these benefits (comma list or repeated)'),
  submittedBefore: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Only claims sent before this time (the queue's age filter)"),
});

const TAG = ['claims'];

export function claimRoutes(app: ServiceApp, deps: { pool: pg.Pool; workflow: ClaimWorkflow }): void {
  app.post(
    '/claims/claims',
    {
      schema: {
        tags: TAG,
        summary: 'Start a claim (a draft) for the signed-in citizen',
        headers: idempotencyHeaders,
        body: createBody,
        response: { 201: claimView, 400: errorView, 401: errorView, 422: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUserOf(request);
      const key = request.headers['idempotency-key'];
      const res = await idempotent(
        deps.pool,
        { scope: `${user.sub}:create-claim`, key, fingerprint: fingerprint(request.body) },
        async (tx) => ({
          status: 201,
          body: toClaimView(
            await deps.workflow.create(tx, user, { benefit: request.body.benefit, answers: request.body.answers }),
            user,
          ),
        }),
      );
      // A replay (or a concurrent twin that answered first) gives the body the database kept.
      const body = res.replayed
        ? readStored(`The claim answered to Idempotency-Key ${key ?? ''}`, claimView, res.body)
        : res.body;
      return reply
        .code(res.status as 201)
        .header('location', `/claims/claims/${body.id}`)
        .send(body);
    },
  );

  app.get(
    '/claims/claims',
    {
      schema: {
        tags: TAG,
        summary:
          'List claims, oldest first: a citizen sees their own; a caseworker sees all, optionally by state, benefit and age',
        querystring: listQuery,
        response: { 200: pageOf(claimView), 400: errorView, 401: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      const { limit, cursor, state, benefit, submittedBefore } = request.query;
      const after = afterIdOf(cursor);
      const rows = await listClaims(deps.pool, {
        ...(user.caseworker ? {} : { citizenSub: user.sub }),
        ...(state ? { states: state } : {}),
        ...(benefit ? { benefits: benefit } : {}),
        ...(submittedBefore ? { submittedBefore } : {}),
        ...(after ? { after } : {}),
        limit: limit + 1,
      });
      return pageById(rows, limit, (c) => toClaimView(c, user));
    },
  );

  app.get(
    '/claims/claims/:claimId',
    {
      schema: {
        tags: TAG,
        summary: 'A claim and its status in plain words',
        params: claimIdParams,
        response: { 200: claimView, 404: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      return toClaimView(await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId), user);
    },
  );

  app.get(
    '/claims/claims/:claimId/history',
    {
      schema: {
        tags: TAG,
        summary:
          'Everything that happened to a claim, oldest first, from its append-only audit trail, a page at a time',
        params: claimIdParams,
        querystring: pageQuery,
        response: { 200: pageOf(historyEntryView), 400: errorView, 404: errorView },
      },
    },
    async (request) => {
      const user = actingUserOf(request);
      const claim = await deps.workflow.visibleClaim(deps.pool, user, request.params.claimId);
      const { limit, cursor } = request.query;
      return pageById(
        await auditOfClaim(deps.pool, claim.id, { after: afterIdOf(cursor), limit: limit + 1 }),
        limit,
        (a) => toHistoryView(a, user),
      );
    },
  );

  const citizenStep = (path: string, event: ClaimEvent, summary: string) =>
    app.post(
      `/claims/claims/:claimId/${path}`,
      {
        schema: {
          tags: TAG,
          summary,
          params: claimIdParams,
          headers: idempotencyHeaders,
          body: reasonBody,
          response: { 200: claimView, 403: errorView, 404: errorView, 409: errorView },
        },
      },
      async (request) => {
        const user = actingUserOf(request);
        const claim = await deps.workflow.apply(user, request.params.claimId, event, {
          ...(request.body.reason ? { reason: request.body.reason } : {}),
          context: { trace: request.trace, id: request.id },
        });
        return toClaimView(claim, user);
      },
    );
  citizenStep('submit', 'submit', 'Send a draft claim (needs identity proven to P2 and an address found by UPRN)');
  citizenStep('withdraw', 'withdraw', 'Cancel a claim before it is decided');
  citizenStep('reconsideration', 'request_reconsideration', 'Ask for a mandatory reconsideration of a decision');
}

export function requireCaseworker(request: Parameters<typeof actingUserOf>[0]) {
  const user = actingUserOf(request);
  if (!user.caseworker) throw new CaseworkerOnlyError();
  return user;
}
