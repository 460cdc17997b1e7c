/**
 * The emulator's stages one at a time, each on a bare Fastify app through inject(): what API
 * Gateway answers when a stage stops a request, and what it lets through.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { MemoryThrottleStore, ThrottlePlan } from '@dwp/gateway-core';
import type { PrimaryGateway } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { GatewayMetrics } from '../gateway-metrics.ts';
import { kGateway } from '../request-state.ts';
import { routeMatchStage } from './route-match.ts';
import { throttleStage } from './throttle.ts';

const gateway: PrimaryGateway = dwp.gateways.primary!;

/** Echoes what the stages before it left on the request. */
async function echoing(app: FastifyInstance): Promise<FastifyInstance> {
  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    url: '/*',
    handler: async (request) => ({
      route: request[kGateway]?.route.path,
      path: request[kGateway]?.path,
      headers: Object.keys(request.headers),
    }),
  });
  await app.ready();
  return app;
}

describe('the route-match stage', () => {
  it('answers an unknown resource as API Gateway does: 404 Missing Authentication Token', async () => {
    const app = Fastify();
    await app.register(routeMatchStage, { gateway });
    await echoing(app);
    const res = await app.inject({ method: 'GET', url: '/api/nowhere/at-all' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { message: 'Missing Authentication Token' });
  });

  it('matches a resource under the base path and drops identity headers a client sent', async () => {
    const app = Fastify();
    await app.register(routeMatchStage, { gateway });
    await echoing(app);
    const res = await app.inject({
      method: 'GET',
      url: '/api/claims/health?x=1',
      headers: { 'x-dwp-user': 'forged', 'x-other': 'kept' },
    });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ route: string; path: string; headers: string[] }>();
    assert.equal(body.route, '/claims/health');
    assert.equal(body.path, '/claims/health');
    assert.ok(!body.headers.includes('x-dwp-user'), 'the forged identity header reached the integration');
    assert.ok(body.headers.includes('x-other'));
  });
});

describe('the throttle stage', () => {
  it('lets the burst through, then answers 429 Too Many Requests with Retry-After', async () => {
    const tight: PrimaryGateway = { ...gateway, throttling: { rateLimit: 1, burstLimit: 1 } };
    const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
    const app = Fastify();
    await app.register(routeMatchStage, { gateway: tight });
    await app.register(throttleStage, {
      plan: new ThrottlePlan({ gateway: tight, env: {}, clock }),
      store: new MemoryThrottleStore({ clock }),
      metrics: new GatewayMetrics(new Registry()),
      stage: tight.stage,
    });
    await echoing(app);
    const first = await app.inject({ method: 'GET', url: '/api/claims/health' });
    assert.equal(first.statusCode, 200);
    const second = await app.inject({ method: 'GET', url: '/api/claims/health' });
    assert.equal(second.statusCode, 429);
    assert.deepEqual(second.json(), { message: 'Too Many Requests' });
    assert.equal(second.headers['retry-after'], '1');
    clock.tick(1000);
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/claims/health' })).statusCode,
      200,
      'a token is back after a second',
    );
  });
});
