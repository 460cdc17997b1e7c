/**
 * Canary control, without a restart (API Gateway's canary settings and promotion, for the local
 * stand-in). Reachable from the gateway's own host (loopback, not through a proxy) or with
 * `Authorization: Bearer $GATEWAY_ADMIN_TOKEN`; the edge never forwards these paths.
 *
 *   GET  /_gateway/canary                       routing of every service, and the definition's share
 *   PUT  /_gateway/canary/:service              start or re-weight: {"percent"?: 10, "canaryTarget"?: "claims-api-canary"}
 *   POST /_gateway/canary/:service/promote      the canary version takes all traffic
 *   POST /_gateway/canary/:service/rollback     the stable version takes all traffic
 *
 * With REDIS_URL set, a change is written to Redis and every replica picks it up within a second.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  CanaryStateError,
  GatewayCoreError,
  routingSnapshotSchema,
  type CanaryRouter,
  type ServiceRouting,
} from '@dwp/gateway-core';
import type { ServiceApp } from '@dwp/service-kit';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** @default how often a replica re-reads shared canary routing (ms) */
export const CANARY_SYNC_INTERVAL_MS = 1000;
export const CANARY_ADMIN_PREFIX = '/_gateway/canary';

export interface CanaryAdminOptions {
  readonly canary: CanaryRouter;
  readonly defaultPercent: number;
  /** Services the gateway routes to; only these can have a canary. */
  readonly services: ReadonlySet<string>;
  readonly adminToken?: string;
  readonly redis?: Redis;
  /** Redis key of the shared routing. */
  readonly redisKey: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function tokenMatches(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7));
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export async function canaryAdmin(app: ServiceApp, opts: CanaryAdminOptions): Promise<void> {
  const { canary, redis, redisKey } = opts;
  let lastShared = '';

  if (redis) {
    const sync = async () => {
      try {
        const raw = await redis.get(redisKey);
        if (raw !== null && raw !== lastShared) {
          canary.restore(routingSnapshotSchema.parse(JSON.parse(raw)));
          lastShared = raw;
        }
      } catch (err) {
        app.log.warn({ err }, 'canary routing could not be read from Redis');
      }
    };
    await sync();
    const timer = setInterval(() => void sync(), CANARY_SYNC_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
    });
  }
  const publish = async () => {
    if (!redis) return;
    lastShared = JSON.stringify(canary.snapshot());
    await redis.set(redisKey, lastShared);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(CANARY_ADMIN_PREFIX)) return;
    const local = LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
    if (!local && !tokenMatches(request.headers.authorization, opts.adminToken)) {
      return reply
        .code(403)
        .send(
          errorBody('GW_ERR_ADMIN_FORBIDDEN', 'Canary control is open to the gateway host or the admin token only'),
        );
    }
  });

  const serviceParam = z.object({ service: z.string() });
  const startBody = z
    .object({
      percent: z.number().min(0).max(100).optional(),
      canaryTarget: z
        .string()
        .regex(/^[a-z][a-z0-9-]{0,62}$/)
        .optional(),
    })
    .optional();
  const change = async (
    service: string,
    request: { log: ServiceApp['log'] },
    reply: { code: (n: number) => { send: (b: unknown) => unknown } },
    fn: () => ServiceRouting,
  ) => {
    if (!opts.services.has(service))
      return reply
        .code(404)
        .send(errorBody('GW_ERR_CANARY_UNKNOWN_SERVICE', `the gateway routes to no service "${service}"`));
    try {
      const routing = fn();
      await publish();
      request.log.info({ canary: { service, routing } }, 'canary routing changed');
      return reply.code(200).send({ service, routing });
    } catch (err) {
      if (err instanceof CanaryStateError) return reply.code(409).send(errorBody(err.code, err.message));
      if (err instanceof GatewayCoreError) return reply.code(400).send(errorBody(err.code, err.message));
      throw err;
    }
  };

  const routeConfig = { auth: 'public' } as const;
  app.get(CANARY_ADMIN_PREFIX, { schema: { hide: true }, config: routeConfig }, async () => ({
    percentTraffic: opts.defaultPercent,
    routing: canary.snapshot(),
  }));
  app.put(
    `${CANARY_ADMIN_PREFIX}/:service`,
    { schema: { hide: true, params: serviceParam, body: startBody }, config: routeConfig },
    async (request, reply) => {
      const { service } = request.params;
      const body = request.body ?? {};
      return change(service, request, reply, () =>
        canary.start(service, {
          ...(body.percent === undefined ? {} : { percent: body.percent }),
          ...(body.canaryTarget ? { canaryTarget: body.canaryTarget } : {}),
        }),
      );
    },
  );
  app.post(
    `${CANARY_ADMIN_PREFIX}/:service/promote`,
    { schema: { hide: true, params: serviceParam }, config: routeConfig },
    async (request, reply) =>
      change(request.params.service, request, reply, () => canary.promote(request.params.service)),
  );
  app.post(
    `${CANARY_ADMIN_PREFIX}/:service/rollback`,
    { schema: { hide: true, params: serviceParam }, config: routeConfig },
    async (request, reply) =>
      change(request.params.service, request, reply, () => canary.rollback(request.params.service)),
  );
}
