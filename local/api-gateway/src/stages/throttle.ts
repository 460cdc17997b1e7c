/**
 * Stage 3: API Gateway throttling. Token buckets in API Gateway's order (API key per method, API
 * key, stage per method, stage) plus the key's quota; 429 `Too Many Requests` (or `Limit Exceeded`
 * for a quota) with Retry-After in whole seconds. A key-required method without a valid key: 403.
 */
import { API_KEY_HEADER, type ThrottleDecision, type ThrottlePlan, type ThrottleStore } from '@dwp/gateway-core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { answer } from '../api-gateway-errors.ts';
import type { GatewayMetrics } from '../gateway-metrics.ts';
import { kGateway } from '../request-state.ts';
import { whenReady } from './thenable.ts';

export interface ThrottleStageOptions {
  readonly plan: ThrottlePlan;
  readonly store: ThrottleStore;
  readonly metrics: GatewayMetrics;
  readonly stage: string;
}

export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

export const throttleStage = fp<ThrottleStageOptions>(
  async (app: FastifyInstance, opts) => {
    const { plan, store, metrics, stage } = opts;
    app.addHook('onRequest', (request, reply, done) => {
      const state = request[kGateway];
      if (!state) {
        done();
        return;
      }
      const key = request.headers[API_KEY_HEADER];
      const p = plan.plan(state.route, typeof key === 'string' ? key : undefined);
      if (p.kind === 'forbidden') {
        answer(reply, 'forbidden');
        return;
      }
      state.apiKey = p.apiKey;
      whenReady<ThrottleDecision>(
        store.take(p.buckets, p.quota),
        (d) => {
          switch (d.kind) {
            case 'allowed': {
              done();
              return;
            }
            case 'throttled':
              metrics.throttled.inc({ stage, resource: state.route.path, method: request.method, level: d.level });
              answer(reply.header('retry-after', retryAfterSeconds(d.retryAfterMs)), 'throttled');
              return;
            case 'quota-exceeded':
              metrics.throttled.inc({ stage, resource: state.route.path, method: request.method, level: 'quota' });
              answer(reply.header('retry-after', retryAfterSeconds(d.retryAfterMs)), 'quotaExceeded');
              return;
            default: {
              const never: never = d;
              throw new Error(`Unexpected throttle decision ${JSON.stringify(never)}`);
            }
          }
        },
        done,
      );
    });
  },
  { name: 'api-gateway/throttle' },
);
