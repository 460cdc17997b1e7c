/**
 * Wires the external gateway from the definition: one UpstreamClient per route (its policies,
 * credentials and agent), one outbound limiter (Redis when REDIS_URL is set, else in-process),
 * the routes, /external/status and the metrics.
 */
import type { ExternalGateway, Platform } from '@dwp/platform';
import { connectRedis, type ServiceRuntime } from '@dwp/service-kit';
import { loadUpstreamConfig, type ExternalGatewayConfig } from './config.ts';
import { externalRoutes } from './external-routes.ts';
import { externalMetrics, externalStatusRoute } from './external-status.ts';
import { MemoryLimiter } from './limits/memory-limiter.ts';
import type { OutboundLimiter } from './limits/outbound-limiter.ts';
import { LIMIT_KEY_SUFFIX, RedisLimiter } from './limits/redis-limiter.ts';
import { UpstreamClient } from './upstream/upstream-client.ts';

export interface ExternalGatewayOptions {
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  /** @default Redis when REDIS_URL is set, else in-process */
  readonly limiter?: OutboundLimiter;
}

export function externalGatewayOf(platform: Platform): ExternalGateway {
  const gw = platform.gateways.external;
  if (!gw) throw new Error(`platform "${platform.name}" has no gateways.external`);
  return gw;
}

export async function registerExternalGateway(
  svc: ServiceRuntime<ExternalGatewayConfig>,
  opts: ExternalGatewayOptions,
): Promise<readonly UpstreamClient[]> {
  const gateway = externalGatewayOf(opts.platform);
  let limiter = opts.limiter;
  if (!limiter && svc.config.REDIS_URL) {
    const redis = connectRedis(svc.config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    redis.on('error', (err: Error) => {
      svc.log.warn({ err: err.message }, 'redis error');
    });
    limiter = new RedisLimiter({
      redis,
      keyPrefix: `${svc.config.REDIS_KEY_PREFIX}${LIMIT_KEY_SUFFIX}`,
      onFallback: (err) => {
        svc.log.warn({ err: err.message }, 'outbound limits decided in-process: redis did not answer');
      },
    });
    svc.onClose(() => {
      redis.disconnect();
    });
  }
  limiter ??= new MemoryLimiter();
  const shared = limiter;
  svc.onClose(() => shared.close());

  const openMs = svc.config.EXTERNAL_TEST_BREAKER_OPEN_MS;
  if (openMs)
    svc.log.warn({ openMs }, "EXTERNAL_TEST_BREAKER_OPEN_MS overrides the definition's circuit-breaker open period");
  const clients = gateway.routes.map((route) => {
    const config = loadUpstreamConfig(route, opts.env);
    if (config.kind === 'not-configured')
      svc.log.warn(
        { upstream: route.upstream, variable: config.variable },
        'upstream not configured: its route answers 503',
      );
    return new UpstreamClient({ route, gateway, config, limiter: shared, ...(openMs ? { openMs } : {}) });
  });
  svc.onClose(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  const { onOutcome } = externalMetrics(svc.app.metrics, clients);
  externalStatusRoute(svc.app, clients);
  await svc.app.register(async (scope) => externalRoutes(scope as typeof svc.app, { clients, onOutcome }));
  return clients;
}
