/**
 * Last stage: the metrics API Gateway publishes and one access log line per request (API Gateway's
 * access logging), with the resource, status, latencies, cache status and usage-plan key name.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayMetrics } from '../gateway-metrics.ts';
import { kGateway } from '../request-state.ts';

export interface ObservabilityStageOptions {
  readonly metrics: GatewayMetrics;
  readonly stage: string;
}

const UNMATCHED = '(unmatched)';

export const observabilityStage = fp<ObservabilityStageOptions>(
  async (app: FastifyInstance, opts) => {
    const { metrics, stage } = opts;
    const accessLogOn = ['trace', 'debug', 'info'].includes(app.log.level);
    // The request's span learns what X-Ray's API Gateway segment says (resource, stage, cache,
    // integration target) before it ends, which it does as the answer goes out.
    app.addHook('onSend', (request, reply, _payload, done) => {
      const span = request.span;
      const state = request[kGateway];
      if (span && state) {
        span.updateName(`${request.method} ${state.route.path}`);
        span.setAttributes({
          'http.route': state.route.path,
          'http.response.status_code': reply.statusCode,
          'aws.api_gateway.stage': stage,
          'aws.api_gateway.resource': state.route.path,
          'aws.api_gateway.cache': state.cacheStatus,
          ...(state.target ? { 'aws.api_gateway.integration.target': state.target } : {}),
          ...(state.apiKey ? { 'aws.api_gateway.api_key': state.apiKey } : {}),
        });
      }
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const state = request[kGateway];
      const resource = state?.route.path ?? UNMATCHED;
      const labels = { stage, resource, method: request.method };
      const status = reply.statusCode;
      const latencyMs = state ? Number(process.hrtime.bigint() - state.startedAt) / 1e6 : reply.elapsedTime;
      metrics.count.inc(labels);
      metrics.latency.observe(labels, latencyMs / 1000);
      if (state?.integrationLatencyMs !== undefined)
        metrics.integrationLatency.observe(labels, state.integrationLatencyMs / 1000);
      if (status >= 500) metrics.error5xx.inc(labels);
      else if (status >= 400) metrics.error4xx.inc(labels);
      if (accessLogOn) {
        request.log.info(
          {
            access: {
              ip: request.ip,
              method: request.method,
              resource,
              path: request.url.split('?')[0],
              status,
              latencyMs: Math.round(latencyMs * 100) / 100,
              integrationLatencyMs: state?.integrationLatencyMs,
              cache: state?.cacheStatus,
              target: state?.target,
              apiKey: state?.apiKey,
              userAgent: request.headers['user-agent'],
            },
          },
          'access',
        );
      }
      done();
    });
  },
  { name: 'api-gateway/observability' },
);
