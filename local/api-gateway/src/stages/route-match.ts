/**
 * Stage 1: match an API Gateway resource from the definition (base path mapping removed). An
 * unmatched request gets API Gateway's 404 "Missing Authentication Token". Identity headers a
 * client sends are dropped here, before authentication, so only the gateway can set them.
 */
import type { PrimaryGateway } from '@dwp/platform';
import { RouteTable, dropClientIdentityHeaders } from '@dwp/gateway-core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { answer } from '../api-gateway-errors.ts';
import { kGateway } from '../request-state.ts';

export interface RouteMatchOptions {
  readonly gateway: PrimaryGateway;
}

export const routeMatchStage = fp<RouteMatchOptions>(
  async (app: FastifyInstance, opts) => {
    const table = new RouteTable(opts.gateway.routes);
    const base = opts.gateway.basePath.replace(/\/$/, '');
    app.decorateRequest(kGateway, null);
    app.addHook('onRequest', (request, reply, done) => {
      const url = request.url;
      const q = url.indexOf('?');
      const path = (q === -1 ? url : url.slice(0, q)).slice(base.length) || '/';
      const match = table.match(request.method, path);
      if (!match) {
        answer(reply, 'missingAuthenticationToken');
        return;
      }
      dropClientIdentityHeaders(request.headers);
      request[kGateway] = {
        route: match.route,
        path,
        query: q === -1 ? '' : url.slice(q + 1),
        startedAt: process.hrtime.bigint(),
        cache: undefined,
        cacheStatus: 'Bypass',
        apiKey: undefined,
        integrationLatencyMs: undefined,
        target: undefined,
      };
      done();
    });
  },
  { name: 'api-gateway/route-match' },
);
