/**
 * What the gateways say of themselves, for the console's gateways panel: each external-gateway
 * instance's breaker state and limits per upstream (`GET /external/status`) and its calls by outcome
 * (`/metrics`), and each primary-gateway instance's request, cache, throttle and error counters
 * (`/metrics`). Every instance is asked with a short timeout; one that does not answer is reported
 * unreachable, and gathering never throws.
 */
import type { ExternalGateway, Platform } from '@dwp/platform';
import { z } from 'zod';
import type { PlatformStatus } from '../status-table.ts';
import { parsePrometheusText, sumBy, sumOf, type Sample } from './prometheus-text.ts';

/** @default 1500 ms per request */
export const DEFAULT_GATEWAY_TIMEOUT_MS = 1500;
const EXTERNAL_STATUS_PATH = '/external/status';

const circuitSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('closed') }),
  z.object({ state: z.literal('open'), openedAt: z.string(), retryAfterSeconds: z.number() }),
  z.object({ state: z.literal('half-open') }),
  z.object({ state: z.literal('isolated') }),
]);

const externalStatusSchema = z.object({
  upstreams: z.array(
    z.object({
      upstream: z.string(),
      path: z.string(),
      methods: z.array(z.string()),
      auth: z.string(),
      callers: z.array(z.string()),
      configured: z.boolean(),
      circuit: circuitSchema,
      rateLimit: z.object({ requests: z.number(), perSeconds: z.number() }),
    }),
  ),
});

export type CircuitView = z.output<typeof circuitSchema>;
export type UpstreamStatus = z.output<typeof externalStatusSchema>['upstreams'][number];

export type Reach<T> =
  | ({ readonly id: string; readonly url: string; readonly reachable: true } & T)
  | { readonly id: string; readonly url: string; readonly reachable: false; readonly error: string };

export interface PrimaryCounters {
  readonly requests: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  readonly throttled: number;
  readonly throttledByLevel: Readonly<Record<string, number>>;
  readonly errors4xx: number;
  readonly errors5xx: number;
}

export interface GatewayStats {
  readonly generatedAt: string;
  readonly primary?: {
    readonly name: string;
    readonly limits: {
      readonly rateLimit: number;
      readonly burstLimit: number;
      readonly cacheEnabled: boolean;
      readonly cacheTtlSeconds: number;
    };
    readonly instances: ReadonlyArray<Reach<{ readonly counters: PrimaryCounters }>>;
  };
  readonly external?: {
    readonly name: string;
    readonly service: string;
    readonly breaker: ExternalGateway['circuitBreaker'];
    readonly instances: ReadonlyArray<
      Reach<{
        readonly upstreams: readonly UpstreamStatus[];
        readonly calls: ReadonlyArray<{ readonly upstream: string; readonly outcome: string; readonly count: number }>;
      }>
    >;
  };
}

export interface GatewayStatsOptions {
  /** @default DEFAULT_GATEWAY_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

async function getText(url: string, opts: GatewayStatsOptions): Promise<string> {
  const res = await (opts.fetch ?? fetch)(url, {
    signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return text;
}

function reason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'no answer in time';
  if (err instanceof z.ZodError) return 'unexpected answer';
  if (err instanceof Error) {
    const cause = err.cause;
    if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
    // fetch says only "fetch failed"; its cause says why.
    if (cause instanceof Error) return cause.message;
    return err.message;
  }
  return 'failed';
}

export function primaryCounters(samples: readonly Sample[]): PrimaryCounters {
  return {
    requests: sumOf(samples, 'apigateway_count_total'),
    cacheHits: sumOf(samples, 'apigateway_cache_hit_total'),
    cacheMisses: sumOf(samples, 'apigateway_cache_miss_total'),
    throttled: sumOf(samples, 'apigateway_throttled_total'),
    throttledByLevel: Object.fromEntries(sumBy(samples, 'apigateway_throttled_total', 'level')),
    errors4xx: sumOf(samples, 'apigateway_4xx_error_total'),
    errors5xx: sumOf(samples, 'apigateway_5xx_error_total'),
  };
}

export function upstreamCalls(samples: readonly Sample[]): Array<{ upstream: string; outcome: string; count: number }> {
  return samples
    .filter((s) => s.name === 'external_upstream_calls_total')
    .map((s) => ({ upstream: s.labels.upstream ?? '', outcome: s.labels.outcome ?? '', count: s.value }))
    .sort((a, b) => a.upstream.localeCompare(b.upstream) || a.outcome.localeCompare(b.outcome));
}

const instancesOf = (status: PlatformStatus, service: string) =>
  status.services.find((s) => s.name === service)?.instances ?? [];

export async function gatewayStats(
  platform: Platform,
  status: PlatformStatus,
  opts: GatewayStatsOptions = {},
): Promise<GatewayStats> {
  const primary = platform.gateways.primary;
  const external = platform.gateways.external;
  const [primaryInstances, externalInstances] = await Promise.all([
    Promise.all(
      (primary ? instancesOf(status, primary.name) : []).map(
        async (i): Promise<Reach<{ counters: PrimaryCounters }>> => {
          try {
            const samples = parsePrometheusText(await getText(`${i.url}/metrics`, opts));
            return { id: i.id, url: i.url, reachable: true, counters: primaryCounters(samples) };
          } catch (err) {
            return { id: i.id, url: i.url, reachable: false, error: reason(err) };
          }
        },
      ),
    ),
    Promise.all(
      (external ? instancesOf(status, external.service) : []).map(
        async (
          i,
        ): Promise<
          Reach<{ upstreams: UpstreamStatus[]; calls: Array<{ upstream: string; outcome: string; count: number }> }>
        > => {
          try {
            const [statusText, metricsText] = await Promise.all([
              getText(`${i.url}${EXTERNAL_STATUS_PATH}`, opts),
              getText(`${i.url}/metrics`, opts),
            ]);
            const parsed = externalStatusSchema.parse(JSON.parse(statusText));
            return {
              id: i.id,
              url: i.url,
              reachable: true,
              upstreams: parsed.upstreams,
              calls: upstreamCalls(parsePrometheusText(metricsText)),
            };
          } catch (err) {
            return {
              id: i.id,
              url: i.url,
              reachable: false,
              error: err instanceof SyntaxError ? 'unexpected answer' : reason(err),
            };
          }
        },
      ),
    ),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    ...(primary
      ? {
          primary: {
            name: primary.name,
            limits: {
              rateLimit: primary.throttling.rateLimit,
              burstLimit: primary.throttling.burstLimit,
              cacheEnabled: primary.caching.enabled,
              cacheTtlSeconds: primary.caching.ttlSeconds,
            },
            instances: primaryInstances,
          },
        }
      : {}),
    ...(external
      ? {
          external: {
            name: external.name,
            service: external.service,
            breaker: external.circuitBreaker,
            instances: externalInstances,
          },
        }
      : {}),
  };
}
