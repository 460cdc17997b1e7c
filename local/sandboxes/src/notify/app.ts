/**
 * The GOV.UK Notify sandbox: the v2 API the official clients speak (`POST /v2/notifications/email`
 * and `/sms`, `GET /v2/notifications` and `/v2/notifications/{id}`), authenticated as Notify does
 * it: a JWT signed HS256 with the API key's secret, `iss` the service id, `iat` within 30 seconds.
 * It sends nothing: it records what would have gone, in the shape Notify reports it.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { createSandboxApp, sendError, type Sandbox } from '../kit/sandbox-app.ts';
import { placeholdersOf, render, templateById } from './templates.ts';

/** Notify refuses a token issued more than 30 seconds from now. */
export const NOTIFY_CLOCK_SKEW_S = 30;
/** Notify pages notification lists by 250. */
export const NOTIFY_PAGE_SIZE = 250;

export interface NotifySandboxOptions {
  /** A Notify API key: `<key name>-<service id>-<secret>`. */
  readonly apiKey: string;
  readonly logLevel?: string;
  /** Where time comes from (the token's `iat`, sent-at times). @default systemClock */
  readonly clock?: Clock;
  /** Told of each notification as it "goes": the sandbox's outbox, for a person to read. */
  readonly onSent?: (notification: SentNotification) => void;
}

export interface SentNotification {
  readonly id: string;
  readonly reference: string | null;
  readonly type: 'email' | 'sms';
  readonly email_address: string | null;
  readonly phone_number: string | null;
  readonly subject: string | null;
  readonly body: string;
  readonly status: 'delivered';
  readonly template: { readonly id: string; readonly version: number; readonly uri: string };
  readonly created_at: string;
  readonly sent_at: string;
  readonly completed_at: string;
  readonly personalisation: Record<string, unknown>;
}

const errorBody = (status: number, message: string) => ({
  status_code: status,
  errors: [
    {
      error:
        status === 403
          ? 'AuthError'
          : status === 429
            ? 'RateLimitError'
            : status === 404
              ? 'NoResultFound'
              : status >= 500
                ? 'Exception'
                : 'BadRequestError',
      message,
    },
  ],
});
const errors = { errorBody };

/** Splits a Notify API key; undefined when it is not one. */
export function parseApiKey(key: string): { serviceId: string; secret: string } | undefined {
  if (key.length < 74) return undefined;
  const secret = key.slice(-36);
  const serviceId = key.slice(-73, -37);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  return uuid.test(secret) && uuid.test(serviceId) ? { serviceId, secret } : undefined;
}

const emailRequest = z.object({
  email_address: z.email(),
  template_id: z.uuid(),
  personalisation: z.record(z.string(), z.unknown()).optional(),
  reference: z.string().max(1000).optional(),
  email_reply_to_id: z.uuid().optional(),
});
const smsRequest = z.object({
  phone_number: z.string().regex(/^(?:\+?44|0)7\d{9}$/, 'phone_number Not a UK mobile number'),
  template_id: z.uuid(),
  personalisation: z.record(z.string(), z.unknown()).optional(),
  reference: z.string().max(1000).optional(),
  sms_sender_id: z.uuid().optional(),
});
const listQuery = z.object({
  template_type: z.enum(['email', 'sms', 'letter']).optional(),
  status: z.string().optional(),
  reference: z.string().optional(),
  older_than: z.uuid().optional(),
});

export interface NotifySandbox extends Sandbox {
  /** Everything sent so far, oldest first. */
  readonly sent: readonly SentNotification[];
}

export function createNotifySandbox(opts: NotifySandboxOptions): NotifySandbox {
  const key = parseApiKey(opts.apiKey);
  if (!key) throw new TypeError('apiKey must be a Notify API key: <name>-<service id>-<secret>');
  const clock = opts.clock ?? systemClock;
  const secret = new TextEncoder().encode(key.secret);
  const sandbox = createSandboxApp({
    name: 'notify',
    errorBody,
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
  });
  const app: FastifyInstance = sandbox.app;
  const sent: SentNotification[] = [];

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/__')) return;
    const auth = request.headers.authorization;
    const token = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
    if (!token) return sendError(errors, reply, 401, 'Unauthorized: authentication token must be provided');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'], currentDate: new Date(clock.now()) }));
    } catch {
      return sendError(errors, reply, 403, 'Invalid token: API key not found');
    }
    if (payload.iss !== key.serviceId) return sendError(errors, reply, 403, 'Invalid token: service not found');
    if (typeof payload.iat !== 'number' || Math.abs(clock.now() / 1000 - payload.iat) > NOTIFY_CLOCK_SKEW_S) {
      return sendError(errors, reply, 403, 'Error: Your system clock must be accurate to within 30 seconds');
    }
  });

  const send = (
    type: 'email' | 'sms',
    to: string,
    body: {
      template_id: string;
      personalisation?: Record<string, unknown> | undefined;
      reference?: string | undefined;
    },
    reply: FastifyReply,
  ) => {
    const template = templateById(body.template_id);
    if (!template) return sendError(errors, reply, 400, 'Template not found');
    if (template.type !== type)
      return sendError(errors, reply, 400, `${type} template is not allowed: the template is ${template.type}`);
    const personalisation = body.personalisation ?? {};
    const missing = placeholdersOf(`${template.subject ?? ''} ${template.body}`).filter(
      (p) => personalisation[p] === undefined,
    );
    if (missing.length) return sendError(errors, reply, 400, `Missing personalisation: ${missing.join(', ')}`);
    const at = new Date(clock.now()).toISOString();
    const id = randomUUID();
    const uri = `http://${reply.request.host}/v2/templates/${template.id}`;
    const n: SentNotification = {
      id,
      reference: body.reference ?? null,
      type,
      email_address: type === 'email' ? to : null,
      phone_number: type === 'sms' ? to : null,
      subject: template.subject ? render(template.subject, personalisation) : null,
      body: render(template.body, personalisation),
      status: 'delivered',
      template: { id: template.id, version: template.version, uri },
      created_at: at,
      sent_at: at,
      completed_at: at,
      personalisation,
    };
    sent.push(n);
    opts.onSent?.(n);
    return reply.code(201).send({
      id,
      reference: n.reference,
      content:
        type === 'email'
          ? { subject: n.subject, body: n.body, from_email: 'dwp.notifications@notifications.service.gov.uk' }
          : { body: n.body, from_number: 'DWP' },
      uri: `http://${reply.request.host}/v2/notifications/${id}`,
      template: n.template,
    });
  };

  app.post('/v2/notifications/email', async (request, reply) => {
    const parsed = emailRequest.safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(
        errors,
        reply,
        400,
        parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '),
      );
    return send('email', parsed.data.email_address, parsed.data, reply);
  });

  app.post('/v2/notifications/sms', async (request, reply) => {
    const parsed = smsRequest.safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(
        errors,
        reply,
        400,
        parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '),
      );
    return send('sms', parsed.data.phone_number, parsed.data, reply);
  });

  const view = ({ personalisation: _p, ...n }: SentNotification) => ({
    ...n,
    line_1: null,
    postcode: null,
    estimated_delivery: null,
    created_by_name: null,
  });

  app.get('/v2/notifications/:id', async (request, reply) => {
    const n = sent.find((x) => x.id === (request.params as { id: string }).id);
    if (!n) return sendError(errors, reply, 404, 'No result found');
    return view(n);
  });

  app.get('/v2/notifications', async (request, reply) => {
    const parsed = listQuery.safeParse(request.query);
    if (!parsed.success) return sendError(errors, reply, 400, 'Invalid query');
    const q = parsed.data;
    let list = [...sent].reverse();
    if (q.template_type) list = list.filter((n) => n.type === q.template_type);
    if (q.status) list = list.filter((n) => n.status === q.status);
    if (q.reference) list = list.filter((n) => n.reference === q.reference);
    if (q.older_than) {
      const i = list.findIndex((n) => n.id === q.older_than);
      list = i === -1 ? [] : list.slice(i + 1);
    }
    const page = list.slice(0, NOTIFY_PAGE_SIZE);
    return {
      notifications: page.map(view),
      links: {
        current: request.url,
        ...(list.length > NOTIFY_PAGE_SIZE ? { next: `/v2/notifications?older_than=${page.at(-1)!.id}` } : {}),
      },
    };
  });

  return { ...sandbox, sent };
}
