/** The catalogue, each year's rates with their sources, and estimates of entitlement. */
import {
  decodeCursor,
  encodeCursor,
  fingerprint,
  idempotencyHeaders,
  idempotent,
  pageOf,
  pageQuery,
  replayOf,
} from '@dwp/data-kit';
import { actingUser, type ServiceApp } from '@dwp/service-kit';
import type pg from 'pg';
import { z } from 'zod';
import { BENEFIT_IDS, CATALOGUE } from '../domain/catalogue.ts';
import { EstimateNotFoundError, NoActingUserError } from '../errors.ts';
import type { Estimator } from '../estimator.ts';
import { TAX_YEARS } from '../rates/rate-codes.ts';
import { findEstimate, listEstimates, ratesFor } from '../store/benefits-store.ts';
import { errorView, estimateBody, estimateView, storedEstimate, type EstimateView } from './estimate-schemas.ts';

const catalogueEntry = z.object({
  id: z.enum(BENEFIT_IDS),
  name: z.string(),
  summary: z.string(),
  paid: z.enum(['monthly', 'fortnightly']),
  meansTested: z.boolean(),
  eligibility: z.array(z.string()),
  guidance: z.url(),
});

export function benefitRoutes(app: ServiceApp, deps: { pool: pg.Pool; estimator: Estimator }): void {
  app.get(
    '/benefits/catalogue',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['catalogue'],
        summary: 'The benefits you can check and claim here',
        response: { 200: z.object({ items: z.array(catalogueEntry) }) },
      },
    },
    async () => ({ items: CATALOGUE.map((c) => ({ ...c, eligibility: [...c.eligibility] })) }),
  );

  app.get(
    '/benefits/rates/:taxYear',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['rates'],
        summary: 'Every rate of a tax year, in pence (or percent), each with its source',
        params: z.object({ taxYear: z.enum(TAX_YEARS) }),
        response: {
          200: z.object({
            taxYear: z.enum(TAX_YEARS),
            rates: z.array(
              z.object({ code: z.string(), amount: z.number().int(), unit: z.string(), source: z.string() }),
            ),
          }),
          400: errorView,
        },
      },
    },
    async (request) => ({
      taxYear: request.params.taxYear,
      rates: [...(await ratesFor(deps.pool, request.params.taxYear)).values()].map((r) => ({ ...r })),
    }),
  );

  app.post(
    '/benefits/estimates',
    {
      schema: {
        tags: ['estimates'],
        summary: 'Estimate what you could get (Universal Credit with declared or HMRC income, new style JSA or ESA)',
        headers: idempotencyHeaders,
        body: estimateBody,
        response: { 201: estimateView, 400: errorView, 409: errorView, 422: errorView, 502: errorView, 503: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller);
      if (!user) throw new NoActingUserError();
      const key = request.headers['idempotency-key'];
      const idem = { scope: `${user.sub}:estimate`, key, fingerprint: fingerprint(request.body) };
      // A replayed body is read back from the database: checked like any stored estimate.
      const replayed = (body: unknown) => storedEstimate(`answered to Idempotency-Key ${key ?? ''}`, body);
      // A replayed key must not ask HMRC again: look for the answer first.
      const replay = await replayOf<unknown>(deps.pool, idem);
      if (replay) {
        const body = replayed(replay.body);
        return reply.code(201).header('location', `/benefits/estimates/${body.id}`).send(body);
      }
      const income = await deps.estimator.incomeFor(user.sub, request.body, { trace: request.trace, id: request.id });
      const res = await idempotent<EstimateView>(deps.pool, idem, async (tx) => ({
        status: 201,
        body: await deps.estimator.estimate(tx, user.sub, request.body, income),
      }));
      // A concurrent twin that answered first: its body is the stored one.
      const body = res.replayed ? replayed(res.body) : res.body;
      return reply.code(201).header('location', `/benefits/estimates/${body.id}`).send(body);
    },
  );

  app.get(
    '/benefits/estimates',
    {
      schema: {
        tags: ['estimates'],
        summary: 'Your estimates, oldest first',
        querystring: pageQuery,
        response: { 200: pageOf(estimateView), 400: errorView, 403: errorView },
      },
    },
    async (request) => {
      const user = actingUser(request.caller);
      if (!user) throw new NoActingUserError();
      const after = decodeCursor(request.query.cursor, z.object({ id: z.uuid() }))?.id;
      const rows = await listEstimates(deps.pool, user.sub, after, request.query.limit + 1);
      const page = rows.slice(0, request.query.limit);
      return {
        items: page.map((r) => storedEstimate(r.id, r.result)),
        ...(rows.length > request.query.limit ? { nextCursor: encodeCursor({ id: page.at(-1)!.id }) } : {}),
      };
    },
  );

  app.get(
    '/benefits/estimates/:estimateId',
    {
      schema: {
        tags: ['estimates'],
        summary: 'One of your estimates',
        params: z.object({ estimateId: z.uuid() }),
        response: { 200: estimateView, 404: errorView },
      },
    },
    async (request) => {
      const user = actingUser(request.caller);
      if (!user) throw new NoActingUserError();
      const found = await findEstimate(deps.pool, request.params.estimateId);
      if (!found || (found.citizenSub !== user.sub && !request.isStaff()))
        throw new EstimateNotFoundError(request.params.estimateId);
      return storedEstimate(request.params.estimateId, found.result);
    },
  );
}
