/**
 * Registration and profile. A citizen reads and changes only their own record; caseworkers (and
 * platform services, for the user they act for or any user) read. Changes need If-Match.
 */
import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor, idempotencyHeaders, pageOf, pageQuery } from '@dwp/data-kit';
import { actingUser, type ServiceApp } from '@dwp/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CitizenRegistry } from '../citizen-registry.ts';
import type { Citizen } from '../domain/citizen-profile.ts';
import {
  CaseworkerOnlyError,
  CitizenNotFoundError,
  CitizenOnlyError,
  IdempotencyKeyReusedError,
  NotYourRecordError,
  PreconditionRequiredError,
  StoredItemUnreadableError,
} from '../errors.ts';
import type { CitizensStore } from '../store/citizens-store.ts';
import {
  changeBody,
  citizenView,
  errorView,
  etagOf,
  registrationBody,
  toCitizenView,
  versionFromIfMatch,
} from './citizen-views.ts';

const TAG = ['citizens'];

function canRead(request: Pick<FastifyRequest, 'caller' | 'isStaff'>, c: Citizen): boolean {
  const { caller } = request;
  if (caller.kind === 'service') return true;
  const user = actingUser(caller);
  return !!user && (user.sub === c.sub || request.isStaff());
}

export function citizenRoutes(app: ServiceApp, deps: { store: CitizensStore; registry: CitizenRegistry }): void {
  const { store, registry } = deps;

  app.post(
    '/citizen/citizens',
    {
      config: { auth: 'user' },
      schema: {
        tags: TAG,
        summary: 'Register the signed-in citizen',
        headers: idempotencyHeaders,
        body: registrationBody,
        response: { 201: citizenView, 400: errorView, 403: errorView, 409: errorView, 422: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller)!;
      if (!user.roles.includes('citizen')) throw new CitizenOnlyError();
      const key = request.headers['idempotency-key'];
      const fingerprint = createHash('sha256').update(JSON.stringify(request.body)).digest('hex');
      if (key) {
        const previous = await store.answerFor(user.sub, key);
        if (previous) {
          if (previous.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
          const body = citizenView.safeParse(previous.body);
          if (!body.success) throw new StoredItemUnreadableError(`answered to Idempotency-Key ${key}`);
          return reply.code(201).header('etag', etagOf(body.data.version)).send(body.data);
        }
      }
      const citizen = await registry.register(user.sub, request.body, { trace: request.trace, id: request.id });
      const body = toCitizenView(citizen);
      if (key) await store.rememberAnswer(user.sub, key, { fingerprint, status: 201, body });
      return reply
        .code(201)
        .header('etag', etagOf(citizen.version))
        .header('location', `/citizen/citizens/${citizen.citizenId}`)
        .send(body);
    },
  );

  app.get(
    '/citizen/citizens/me',
    {
      config: { auth: 'user' },
      schema: {
        tags: TAG,
        summary: "The signed-in citizen's own record",
        response: { 200: citizenView, 404: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller)!;
      const citizen = await store.getByUser(user.sub);
      if (!citizen) throw new CitizenNotFoundError('for you yet; register first');
      return reply.header('etag', etagOf(citizen.version)).send(toCitizenView(citizen));
    },
  );

  app.get(
    '/citizen/citizens',
    {
      schema: {
        tags: TAG,
        summary: 'List citizens (caseworkers)',
        querystring: pageQuery,
        response: { 200: pageOf(citizenView), 400: errorView, 403: errorView },
      },
    },
    async (request) => {
      if (!request.isStaff()) throw new CaseworkerOnlyError();
      const after = decodeCursor(request.query.cursor, z.object({ id: z.string() }))?.id;
      const page = await store.list(request.query.limit, after);
      return {
        items: page.items.map(toCitizenView),
        ...(page.last ? { nextCursor: encodeCursor({ id: page.last }) } : {}),
      };
    },
  );

  app.get(
    '/citizen/citizens/:citizenId',
    {
      schema: {
        tags: TAG,
        summary: 'One citizen record (its owner, caseworkers, platform services)',
        params: z.object({ citizenId: z.string().min(1).max(64) }),
        response: { 200: citizenView, 404: errorView },
      },
    },
    async (request, reply) => {
      const citizen = await store.get(request.params.citizenId);
      if (!citizen || !canRead(request, citizen)) throw new CitizenNotFoundError(request.params.citizenId);
      return reply.header('etag', etagOf(citizen.version)).send(toCitizenView(citizen));
    },
  );

  app.get(
    '/citizen/users/:sub',
    {
      schema: {
        tags: TAG,
        summary: 'The citizen record of a user account (the user, caseworkers, platform services)',
        params: z.object({ sub: z.string().min(1).max(128) }),
        response: { 200: citizenView, 404: errorView },
      },
    },
    async (request, reply) => {
      const citizen = await store.getByUser(request.params.sub);
      if (!citizen || !canRead(request, citizen)) throw new CitizenNotFoundError(`for user ${request.params.sub}`);
      return reply.header('etag', etagOf(citizen.version)).send(toCitizenView(citizen));
    },
  );

  app.patch(
    '/citizen/citizens/:citizenId',
    {
      config: { auth: 'user' },
      schema: {
        tags: TAG,
        summary: 'Change your own record; send If-Match with the ETag you read (409 when it is stale)',
        params: z.object({ citizenId: z.string().min(1).max(64) }),
        headers: z.object({ 'if-match': z.string().optional().describe('The ETag of the record you read') }),
        body: changeBody,
        response: { 200: citizenView, 400: errorView, 403: errorView, 404: errorView, 409: errorView, 428: errorView },
      },
    },
    async (request, reply) => {
      const user = actingUser(request.caller)!;
      const current = await store.get(request.params.citizenId);
      if (!current || !canRead(request, current)) throw new CitizenNotFoundError(request.params.citizenId);
      if (current.sub !== user.sub) throw new NotYourRecordError();
      const expected = versionFromIfMatch(request.headers['if-match']);
      if (expected === undefined) throw new PreconditionRequiredError();
      const next = await registry.change(current, expected, request.body, { trace: request.trace, id: request.id });
      return reply.header('etag', etagOf(next.version)).send(toCitizenView(next));
    },
  );
}
