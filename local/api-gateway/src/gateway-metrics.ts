/**
 * The metrics API Gateway publishes to CloudWatch, as Prometheus series on the service's registry:
 * Count, Latency, IntegrationLatency, 4XXError, 5XXError, CacheHitCount, CacheMissCount, and
 * throttled requests by level. Labelled by stage, resource and method, as API Gateway's dimensions.
 */
import type { Registry } from 'prom-client';
import { Counter, Histogram } from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 29];
const LABELS = ['stage', 'resource', 'method'] as const;

export class GatewayMetrics {
  readonly count: Counter<(typeof LABELS)[number]>;
  readonly latency: Histogram<(typeof LABELS)[number]>;
  readonly integrationLatency: Histogram<(typeof LABELS)[number]>;
  readonly error4xx: Counter<(typeof LABELS)[number]>;
  readonly error5xx: Counter<(typeof LABELS)[number]>;
  readonly cacheHit: Counter<(typeof LABELS)[number]>;
  readonly cacheMiss: Counter<(typeof LABELS)[number]>;
  readonly throttled: Counter<(typeof LABELS)[number] | 'level'>;
  readonly validationRejected: Counter<(typeof LABELS)[number]>;
  readonly storeFallbacks: Counter<'store'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.count = new Counter({
      name: 'apigateway_count_total',
      help: 'API Gateway Count: requests received',
      labelNames: LABELS,
      registers,
    });
    this.latency = new Histogram({
      name: 'apigateway_latency_seconds',
      help: 'API Gateway Latency: from receiving a request to answering it',
      labelNames: LABELS,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.integrationLatency = new Histogram({
      name: 'apigateway_integration_latency_seconds',
      help: 'API Gateway IntegrationLatency: from forwarding to the service to its response headers',
      labelNames: LABELS,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.error4xx = new Counter({
      name: 'apigateway_4xx_error_total',
      help: 'API Gateway 4XXError: client errors answered',
      labelNames: LABELS,
      registers,
    });
    this.error5xx = new Counter({
      name: 'apigateway_5xx_error_total',
      help: 'API Gateway 5XXError: server errors answered',
      labelNames: LABELS,
      registers,
    });
    this.cacheHit = new Counter({
      name: 'apigateway_cache_hit_total',
      help: 'API Gateway CacheHitCount: answers served from the cache',
      labelNames: LABELS,
      registers,
    });
    this.cacheMiss = new Counter({
      name: 'apigateway_cache_miss_total',
      help: 'API Gateway CacheMissCount: cacheable requests sent to the service',
      labelNames: LABELS,
      registers,
    });
    this.throttled = new Counter({
      name: 'apigateway_throttled_total',
      help: 'Requests refused with 429, by the limit that refused them (key-method, key, stage-method, stage, quota)',
      labelNames: [...LABELS, 'level'],
      registers,
    });
    this.validationRejected = new Counter({
      name: 'apigateway_request_validation_rejected_total',
      help: 'Requests refused with 400 by OpenAPI request validation',
      labelNames: LABELS,
      registers,
    });
    this.storeFallbacks = new Counter({
      name: 'apigateway_store_fallback_total',
      help: 'Times a shared store (Redis) failed and the gateway went on without it',
      labelNames: ['store'],
      registers,
    });
  }
}
