/**
 * The HMRC sandbox: OAuth 2.0 client credentials (`POST /oauth/token`) and the Individuals
 * Matching, Employments (PAYE) and Income (PAYE) APIs for test individuals. As HMRC does, every API
 * call needs a bearer token with the API's scope and an `Accept: application/vnd.hmrc.X.Y+json`.
 * Sandbox shortcut (documented): `nino=` may stand in for `matchId=`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createSandboxApp, sendError, type Sandbox } from '../kit/sandbox-app.ts';
import { normalisedNino, testIndividuals, type TestIndividual } from './individuals.ts';

/** HMRC application-restricted access tokens last four hours. */
export const DEFAULT_HMRC_TOKEN_TTL_S = 14_400;
export const HMRC_SCOPES = [
  'read:individuals-matching',
  'read:individuals-employments',
  'read:individuals-income',
] as const;

export interface HmrcSandboxOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** @default 14400 */
  readonly tokenTtlSeconds?: number;
  readonly logLevel?: string;
  /** Where time comes from (token expiry). @default systemClock */
  readonly clock?: Clock;
}

/** HMRC's API errors: `{"code", "message"}`. */
const errorBody = (status: number, message: string) => ({ code: CODES[status] ?? 'INTERNAL_SERVER_ERROR', message });
const CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'INVALID_CREDENTIALS',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  406: 'ACCEPT_HEADER_INVALID',
  429: 'MESSAGE_THROTTLED_OUT',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVER_ERROR',
  504: 'GATEWAY_TIMEOUT',
};
const errors = { errorBody };
const ACCEPT = /^application\/vnd\.hmrc\.\d+\.\d+\+json$/;
const NINO = /^[A-CEGHJ-PR-TW-Z]{2}\d{6}[A-D]$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const tokenRequest = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});
const matchRequest = z.object({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  nino: z.string().regex(NINO),
  dateOfBirth: z.string().regex(DATE),
});
const periodQuery = z
  .object({
    matchId: z.uuid().optional(),
    nino: z.string().regex(NINO).optional(),
    fromDate: z.string().regex(DATE),
    toDate: z.string().regex(DATE).optional(),
  })
  .refine((q) => q.matchId !== undefined || q.nino !== undefined, 'matchId is required');

/** The same matchId for a NINO on every run, shaped as a UUID. */
export function matchIdOf(nino: string): string {
  const h = createHash('sha256').update(`hmrc-match:${nino}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

export function createHmrcSandbox(opts: HmrcSandboxOptions): Sandbox {
  if (!opts.clientId || !opts.clientSecret) throw new TypeError('clientId and clientSecret are required');
  const ttl = opts.tokenTtlSeconds ?? DEFAULT_HMRC_TOKEN_TTL_S;
  if (!Number.isInteger(ttl) || ttl < 1) throw new TypeError('tokenTtlSeconds must be a positive integer');
  const clock = opts.clock ?? systemClock;
  const sandbox = createSandboxApp({ name: 'hmrc', errorBody, ...(opts.logLevel ? { logLevel: opts.logLevel } : {}) });
  const app: FastifyInstance = sandbox.app;
  const tokens = new Map<string, { expiresAt: number; scopes: ReadonlySet<string> }>();
  // Dated from the sandbox's start: a current job's pay runs to last month.
  const individuals = testIndividuals(new Date(clock.now()));
  const byMatchId = new Map(individuals.map((i) => [matchIdOf(i.nino), i]));
  const byNino = new Map(individuals.map((i) => [i.nino, i]));
  const individualByNino = (nino: string) => byNino.get(normalisedNino(nino));

  app.post('/oauth/token', async (request, reply) => {
    const oauthError = (status: number, error: string, description: string) =>
      reply.code(status).send({ error, error_description: description });
    const parsed = tokenRequest.safeParse(request.body ?? {});
    if (!parsed.success)
      return oauthError(
        400,
        'invalid_request',
        'send a form-encoded body with grant_type, client_id and client_secret',
      );
    const body = parsed.data;
    if (body.grant_type !== 'client_credentials')
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (!body.client_id || !body.client_secret)
      return oauthError(400, 'invalid_request', 'client_id and client_secret are required');
    if (body.client_id !== opts.clientId || !sameSecret(body.client_secret, opts.clientSecret))
      return oauthError(401, 'invalid_client', 'invalid client id or secret');
    const asked = body.scope ? body.scope.split(' ').filter(Boolean) : [...HMRC_SCOPES];
    const unknown = asked.filter((s) => !(HMRC_SCOPES as readonly string[]).includes(s));
    if (unknown.length) return oauthError(400, 'invalid_scope', `unknown scope ${unknown.join(' ')}`);
    for (const [t, v] of tokens) if (v.expiresAt <= clock.now()) tokens.delete(t);
    const token = randomBytes(16).toString('hex');
    tokens.set(token, { expiresAt: clock.now() + ttl * 1000, scopes: new Set(asked) });
    return { access_token: token, scope: asked.join(' '), expires_in: ttl, token_type: 'bearer' };
  });

  const authorise = (scope: (typeof HMRC_SCOPES)[number]) => async (request: FastifyRequest, reply: FastifyReply) => {
    const accept = request.headers.accept;
    if (typeof accept !== 'string' || !ACCEPT.test(accept))
      return sendError(errors, reply, 406, 'The accept header is missing or invalid');
    const auth = request.headers.authorization;
    const match = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    if (!match)
      return reply
        .code(401)
        .send({ code: 'MISSING_CREDENTIALS', message: 'Authentication information is not provided' });
    const grant = tokens.get(match[1]!);
    if (!grant || grant.expiresAt <= clock.now())
      return sendError(errors, reply, 401, 'Invalid Authentication information provided');
    if (!grant.scopes.has(scope)) return sendError(errors, reply, 403, 'Insufficient Enrolments');
  };

  const individualFrom = (q: {
    matchId?: string | undefined;
    nino?: string | undefined;
  }): TestIndividual | undefined => (q.matchId ? byMatchId.get(q.matchId) : individualByNino(q.nino!));
  const inPeriod = (date: string, from: string, to: string | undefined) =>
    date >= from && (to === undefined || date <= to);
  const badRequest = (reply: FastifyReply, issues: z.core.$ZodIssue[]) =>
    sendError(errors, reply, 400, issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));

  app.post('/individuals/matching', { preHandler: authorise('read:individuals-matching') }, async (request, reply) => {
    const parsed = matchRequest.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error.issues);
    const b = parsed.data;
    const person = individualByNino(b.nino);
    const matches =
      person &&
      person.firstName.toLowerCase() === b.firstName.toLowerCase() &&
      person.lastName.toLowerCase() === b.lastName.toLowerCase() &&
      person.dateOfBirth === b.dateOfBirth;
    if (!matches)
      return reply
        .code(403)
        .send({ code: 'MATCHING_FAILED', message: 'There is no match for the information provided' });
    const matchId = matchIdOf(person.nino);
    return {
      _links: {
        individual: {
          href: `/individuals/matching/${matchId}`,
          name: 'GET',
          title: 'Get a matched individual’s information',
        },
        self: { href: '/individuals/matching/' },
      },
    };
  });

  app.get(
    '/individuals/employments/paye',
    { preHandler: authorise('read:individuals-employments') },
    async (request, reply) => {
      const parsed = periodQuery.safeParse(request.query);
      if (!parsed.success) return badRequest(reply, parsed.error.issues);
      const q = parsed.data;
      const person = individualFrom(q);
      if (!person) return sendError(errors, reply, 404, 'The resource can not be found');
      const employments = person.employments.filter(
        (e) =>
          (e.endDate === undefined || e.endDate >= q.fromDate) && (q.toDate === undefined || e.startDate <= q.toDate),
      );
      return { _links: { self: { href: request.url } }, employments };
    },
  );

  app.get('/individuals/income/paye', { preHandler: authorise('read:individuals-income') }, async (request, reply) => {
    const parsed = periodQuery.safeParse(request.query);
    if (!parsed.success) return badRequest(reply, parsed.error.issues);
    const q = parsed.data;
    const person = individualFrom(q);
    if (!person) return sendError(errors, reply, 404, 'The resource can not be found');
    const income = person.income
      .filter((p) => inPeriod(p.paymentDate, q.fromDate, q.toDate))
      .sort((a, b) => b.paymentDate.localeCompare(a.paymentDate));
    return { _links: { self: { href: request.url } }, paye: { income } };
  });

  return sandbox;
}
