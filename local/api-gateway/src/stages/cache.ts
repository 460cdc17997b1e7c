/**
 * Stage 5: the API Gateway cache. A cacheable request is answered from the cache when it can be
 * (X-Cache: Hit); otherwise it goes on (Miss) and the forward step stores a 200 answer of at most
 * the entry limit. `Cache-Control: max-age=0` from an authorised caller drops the entry first.
 * Requests the cache does not apply to are marked Bypass.
 */
import type { CachedResponse, CachePolicy, ResponseCache } from '@dwp/gateway-core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayMetrics } from '../gateway-metrics.ts';
import { kGateway } from '../request-state.ts';
import { whenReady } from './thenable.ts';

export interface CacheStageOptions {
  readonly policy: CachePolicy;
  readonly cache: ResponseCache;
  readonly metrics: GatewayMetrics;
  readonly stage: string;
}

export const CACHE_HEADER = 'x-cache';

export const cacheStage = fp<CacheStageOptions>(
  async (app: FastifyInstance, opts) => {
    const { policy, cache, metrics, stage } = opts;
    if (!policy.enabled) return;
    app.addHook('preHandler', (request, reply, done) => {
      const state = request[kGateway];
      if (!state) {
        done();
        return;
      }
      const decision = policy.decide(state.route, {
        method: request.method,
        path: state.path,
        query: state.query,
        headers: request.headers,
        // Routes with auth 'required' only get here once the authorizer has accepted the caller.
        authorised: state.route.auth === 'required' && request.headers.authorization !== undefined,
      });
      state.cache = decision;
      if (decision.kind === 'bypass') {
        done();
        return;
      }
      const labels = { stage, resource: state.route.path, method: request.method };
      const miss = () => {
        state.cacheStatus = 'Miss';
        metrics.cacheMiss.inc(labels);
        done();
      };
      if (decision.invalidate) {
        whenReady(cache.delete(decision.key), miss, done);
        return;
      }
      whenReady<CachedResponse | undefined>(
        cache.get(decision.key),
        (hit) => {
          if (!hit) {
            miss();
            return;
          }
          state.cacheStatus = 'Hit';
          metrics.cacheHit.inc(labels);
          reply.code(hit.status).headers(hit.headers).header(CACHE_HEADER, 'Hit').send(hit.body);
        },
        done,
      );
    });
  },
  { name: 'api-gateway/cache' },
);
