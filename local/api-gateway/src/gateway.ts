/**
 * The primary API gateway as one service on the kit, built from a platform definition: every
 * number (routes, throttles, cache, canary share, usage plans) comes from `gateways.primary`.
 * Shared state lives in Redis when REDIS_URL is set (ElastiCache on AWS), in-process otherwise.
 */
import {
  CachePolicy,
  CanaryRouter,
  Forwarder,
  InvalidOptionError,
  MemoryResponseCache,
  MemoryThrottleStore,
  OpenApiDocuments,
  RedisResponseCache,
  RedisThrottleStore,
  ThrottlePlan,
  type ResponseCache,
  type ThrottleStore,
} from '@dwp/gateway-core';
import type { Clock } from '@dwp/clock';
import { API_GATEWAY_MAX_PAYLOAD_BYTES, type Platform } from '@dwp/platform';
import { runService, type ServiceRuntime } from '@dwp/service-kit';
import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';
import { Redis } from 'ioredis';
import { canaryAdmin } from './canary-admin.ts';
import { gatewayConfigSchema, type GatewayConfig } from './gateway-config.ts';
import { GatewayMetrics } from './gateway-metrics.ts';
import { proxyRoutes } from './proxy-routes.ts';

export interface RunGatewayOptions {
  readonly platform: Platform;
  readonly env?: NodeJS.ProcessEnv;
  /** The authorizer plugin (stage 2 of the request path), made once the service's config is known. @default none: routes are not authenticated */
  readonly authentication?: (svc: ServiceRuntime<GatewayConfig>) => FastifyPluginAsync | FastifyPluginCallback;
  /** Time for throttling and quotas. @default the system clock (tests move a fake one) */
  readonly clock?: Clock;
}

export async function runGateway(opts: RunGatewayOptions): Promise<ServiceRuntime<GatewayConfig>> {
  const gateway = opts.platform.gateways.primary;
  if (!gateway)
    throw new InvalidOptionError(
      'platform.gateways.primary',
      `platform "${opts.platform.name}" has no primary gateway`,
    );
  const env = opts.env ?? process.env;
  return runService({
    platform: opts.platform,
    name: gateway.name,
    docs: false,
    // Its observability stage writes API Gateway's access log line instead.
    requestLog: false,
    bodyLimit: API_GATEWAY_MAX_PAYLOAD_BYTES,
    config: gatewayConfigSchema,
    env,
    setup: async (svc) => {
      const metrics = new GatewayMetrics(svc.app.metrics);
      let redis: Redis | undefined;
      if (svc.config.REDIS_URL) {
        // Connects (and reconnects) in the background: a gateway whose Redis is down when it starts
        // fails open as it does later, on its in-process stores, until Redis answers.
        redis = new Redis(svc.config.REDIS_URL, {
          lazyConnect: false,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        });
        redis.on('error', (err: Error) => {
          svc.log.warn({ err: err.message }, 'redis error');
        });
        const r = redis;
        svc.onClose(() => {
          r.disconnect();
        });
      }
      const fallback = (store: string) => (err: Error) => {
        metrics.storeFallbacks.inc({ store });
        svc.log.warn({ err: err.message }, `${store}: Redis failed, going on without it`);
      };
      const clock = opts.clock ? { clock: opts.clock } : {};
      const throttleStore: ThrottleStore = redis
        ? new RedisThrottleStore({
            redis,
            keyPrefix: `${svc.config.REDIS_KEY_PREFIX}{throttle}:`,
            onFallback: fallback('throttle'),
            ...clock,
          })
        : new MemoryThrottleStore(clock);
      const cache: ResponseCache = redis
        ? new RedisResponseCache({
            redis,
            keyPrefix: `${svc.config.REDIS_KEY_PREFIX}cache:`,
            onError: fallback('cache'),
          })
        : new MemoryResponseCache();
      const canary = new CanaryRouter({ percentTraffic: gateway.canary?.percentTraffic ?? 0 });
      const forwarder = new Forwarder();
      svc.onClose(() => forwarder.close());
      svc.onClose(() => throttleStore.close());
      svc.onClose(() => cache.close());

      await svc.app.register(canaryAdmin, {
        canary,
        defaultPercent: gateway.canary?.percentTraffic ?? 0,
        services: new Set(gateway.routes.map((r) => r.service)),
        ...(svc.config.GATEWAY_ADMIN_TOKEN ? { adminToken: svc.config.GATEWAY_ADMIN_TOKEN } : {}),
        ...(redis ? { redis } : {}),
        redisKey: `${svc.config.REDIS_KEY_PREFIX}canary:${gateway.name}:${gateway.stage}`,
      });
      await svc.app.register(proxyRoutes, {
        gateway,
        discovery: svc.discovery,
        forwarder,
        metrics,
        canary,
        throttle: { plan: new ThrottlePlan({ gateway, env, ...clock }), store: throttleStore },
        validation: {
          documents: new OpenApiDocuments({
            pick: (service) => svc.discovery.pick(service),
            onError: (err) => {
              svc.log.warn(
                { service: err.service, err: err.message },
                'OpenAPI document unavailable; requests to it are not validated at the gateway',
              );
            },
          }),
        },
        cache: { policy: new CachePolicy(gateway), cache },
        signer: svc.signer,
        ...(opts.authentication ? { authentication: opts.authentication(svc) } : {}),
      });
    },
  });
}
