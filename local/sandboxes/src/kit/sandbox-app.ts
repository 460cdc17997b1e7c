/**
 * The Fastify instance every sandbox builds on: form and JSON bodies, the fault switch and traffic
 * log under `/__fault` and `/__traffic`, and errors in the shape of the API the sandbox imitates.
 * Bad input gets a 4xx in that shape, never a 500.
 */
import { createServer as createHttpsServer, type ServerOptions as HttpsServerOptions } from 'node:https';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerFactory,
} from 'fastify';
import { z } from 'zod';
import { FaultSwitch, faultSettingsSchema } from './fault-switch.ts';
import { TrafficLog } from './traffic-log.ts';

/** Control paths: never faulted, never counted. */
export const CONTROL_PREFIX = '/__';
/** @default window of `GET /__traffic`'s `maxInWindow` */
export const DEFAULT_TRAFFIC_WINDOW_MS = 60_000;

export interface SandboxAppOptions {
  /** Shown in /__health. */
  readonly name: string;
  /** The imitated API's error body for a status and message. */
  readonly errorBody: (status: number, message: string) => unknown;
  /** Content type of error bodies. @default 'application/json' */
  readonly errorContentType?: string;
  /** Serve HTTPS with these options (mTLS sandboxes). @default plain HTTP */
  readonly https?: HttpsServerOptions;
  /** Log level. @default 'warn' */
  readonly logLevel?: string;
}

export interface Sandbox {
  readonly app: FastifyInstance;
  readonly faults: FaultSwitch;
  readonly traffic: TrafficLog;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const trafficQuery = z.object({
  windowMs: z.coerce.number().int().positive().max(86_400_000).default(DEFAULT_TRAFFIC_WINDOW_MS),
});

export function sendError(
  opts: Pick<SandboxAppOptions, 'errorBody' | 'errorContentType'>,
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', opts.errorContentType ?? 'application/json')
    .send(JSON.stringify(opts.errorBody(status, message)));
}

export function createSandboxApp(opts: SandboxAppOptions): Sandbox {
  const tls = opts.https;
  // An https.Server is an http.Server (node's types say so), so a server factory keeps the one
  // FastifyInstance type for both; Fastify's `https` option would type the instance for https alone.
  const httpsFactory: FastifyServerFactory | undefined = tls ? (handler) => createHttpsServer(tls, handler) : undefined;
  const logger = { level: opts.logLevel ?? 'warn' };
  const app: FastifyInstance = httpsFactory ? Fastify({ logger, serverFactory: httpsFactory }) : Fastify({ logger });
  const faults = new FaultSwitch();
  const traffic = new TrafficLog();

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.setErrorHandler((err: { statusCode?: number; message: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) request.log.error({ err }, 'sandbox error');
    return sendError(opts, reply, status, status === 500 ? 'internal error' : err.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(opts, reply, 404, `no resource at ${request.method} ${request.url.split('?')[0]}`),
  );

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return;
    const decision = faults.decide();
    if (decision.kind === 'drop') {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    traffic.record(request.routeOptions.url ?? '(unmatched)', Date.now());
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.kind === 'error')
      return sendError(opts, reply, decision.status, 'fault injected by the sandbox fault switch');
  });

  app.get('/__health', async () => ({ sandbox: opts.name, status: 'ok' }));
  app.get('/__fault', async () => faults.settings);
  app.post('/__fault', async (request, reply) => {
    const parsed = faultSettingsSchema.partial().safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({
        error: {
          code: 'SANDBOX_ERR_FAULT_INVALID',
          message: 'Invalid fault settings',
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
    }
    return faults.set(parsed.data);
  });
  app.delete('/__fault', async () => faults.reset());
  app.get('/__traffic', async (request, reply) => {
    const parsed = trafficQuery.safeParse(request.query);
    if (!parsed.success)
      return reply.code(400).send({
        error: { code: 'SANDBOX_ERR_WINDOW_INVALID', message: 'windowMs must be a positive integer of milliseconds' },
      });
    return traffic.summary(parsed.data.windowMs);
  });
  app.delete('/__traffic', async (_request, reply) => {
    traffic.clear();
    return reply.code(204).send();
  });
  return { app, faults, traffic };
}
