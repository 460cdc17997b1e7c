/**
 * Prometheus metrics: request count and latency per route pattern, method and status, latency
 * quantiles over the last minute, plus the process defaults. Route patterns (not raw URLs) keep the label set bounded.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  readonly service: string;
  readonly instance?: string;
}

const kStart = Symbol('service-kit.requestStart');
declare module 'fastify' {
  interface FastifyRequest {
    [kStart]?: bigint;
  }
  interface FastifyInstance {
    metrics: Registry;
  }
}

export const metricsPlugin = fp<MetricsOptions>(
  async (app: FastifyInstance, opts) => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: opts.service, ...(opts.instance ? { instance: opts.instance } : {}) });
    collectDefaultMetrics({ register: registry });
    const requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    // CloudWatch receives a histogram as its count and sum only (the collector's EMF exporter):
    // a summary's quantiles arrive as values, which is what the dashboards' p99 reads.
    const latency = new Summary({
      name: 'http_request_latency_seconds',
      help: 'Time to answer an HTTP request, quantiles over the last minute',
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 60,
      ageBuckets: 5,
      registers: [registry],
    });
    app.decorate('metrics', registry);

    app.addHook('onRequest', (request, _reply, done) => {
      request[kStart] = process.hrtime.bigint();
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? '(unmatched)';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      requests.inc(labels);
      const start = request[kStart];
      if (start !== undefined) {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        duration.observe(labels, seconds);
        latency.observe(seconds);
      }
      done();
    });

    app.get('/metrics', { schema: { hide: true }, config: { auth: 'public' } }, async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  },
  { name: '@dwp/service-kit/metrics' },
);
