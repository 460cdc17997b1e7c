import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import type { PlatformStatus } from '../status-table.ts';
import { fixtureStatus } from './console.fixture.ts';
import { gatewayStats } from './gateway-stats.ts';

const PRIMARY_METRICS = `# TYPE apigateway_count_total counter
apigateway_count_total{stage="prod",resource="/citizen/{proxy+}",method="GET"} 40
apigateway_cache_hit_total{stage="prod",resource="/benefits/{proxy+}",method="GET"} 9
apigateway_cache_miss_total{stage="prod",resource="/benefits/{proxy+}",method="GET"} 3
apigateway_throttled_total{stage="prod",resource="/citizen/{proxy+}",method="GET",level="stage"} 4
apigateway_4xx_error_total{stage="prod",resource="/citizen/{proxy+}",method="GET"} 5
apigateway_5xx_error_total{stage="prod",resource="/citizen/{proxy+}",method="GET"} 1
`;
const EXTERNAL_METRICS = `external_upstream_circuit_state{upstream="hmrc"} 2
external_upstream_calls_total{upstream="hmrc",outcome="5xx"} 7
external_upstream_calls_total{upstream="hmrc",outcome="2xx"} 20
`;
const EXTERNAL_STATUS = {
  upstreams: [
    {
      upstream: 'hmrc',
      path: '/external/hmrc/{proxy+}',
      methods: ['GET', 'POST'],
      auth: 'oauth2-client-credentials',
      callers: ['benefits-api', 'claims-api'],
      configured: true,
      circuit: { state: 'open', openedAt: '2026-12-01T17:00:00.000Z', retryAfterSeconds: 12 },
      rateLimit: { requests: 500, perSeconds: 60 },
    },
  ],
};

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The fixture status with the gateways' instances at the given URLs. */
function statusWith(urls: Record<string, string>): PlatformStatus {
  const s = fixtureStatus();
  return {
    ...s,
    services: s.services.map((svc) => ({
      ...svc,
      instances: svc.instances.map((i) => ({ ...i, url: urls[i.id] ?? i.url })),
    })),
  };
}

describe('gatewayStats', () => {
  const servers: Server[] = [];
  let primaryUrl = '';
  let externalUrl = '';
  let silentUrl = '';
  let badUrl = '';
  before(async () => {
    const primary = createServer((req, res) => {
      if (req.url === '/metrics') res.writeHead(200, { 'content-type': 'text/plain' }).end(PRIMARY_METRICS);
      else res.writeHead(404).end();
    });
    const external = createServer((req, res) => {
      if (req.url === '/metrics') res.writeHead(200).end(EXTERNAL_METRICS);
      else if (req.url === '/external/status') res.writeHead(200).end(JSON.stringify(EXTERNAL_STATUS));
      else res.writeHead(404).end();
    });
    // Holds every request open: the stats must give up on it, not wait.
    const silent = createServer(() => undefined);
    const bad = createServer((_req, res) => res.writeHead(200).end('{"upstreams":"nope"}'));
    servers.push(primary, external, silent, bad);
    primaryUrl = await listen(primary);
    externalUrl = await listen(external);
    silentUrl = await listen(silent);
    badUrl = await listen(bad);
  });
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('reads the primary gateway counters and the external gateway breakers, calls and limits', async () => {
    const stats = await gatewayStats(
      dwp,
      statusWith({ 'dwp-internal-api-1': primaryUrl, 'external-gateway-1': externalUrl }),
    );
    assert.deepEqual(stats.primary?.limits, {
      rateLimit: 10000,
      burstLimit: 5000,
      cacheEnabled: true,
      cacheTtlSeconds: 300,
    });
    const p = stats.primary.instances[0];
    assert.ok(p?.reachable);
    assert.deepEqual(p.counters, {
      requests: 40,
      cacheHits: 9,
      cacheMisses: 3,
      throttled: 4,
      throttledByLevel: { stage: 4 },
      errors4xx: 5,
      errors5xx: 1,
    });
    const e = stats.external?.instances[0];
    assert.ok(e?.reachable);
    assert.deepEqual(e.upstreams[0]?.circuit, {
      state: 'open',
      openedAt: '2026-12-01T17:00:00.000Z',
      retryAfterSeconds: 12,
    });
    assert.deepEqual(e.calls, [
      { upstream: 'hmrc', outcome: '2xx', count: 20 },
      { upstream: 'hmrc', outcome: '5xx', count: 7 },
    ]);
    assert.equal(stats.external?.breaker.failureRatePercent, 50);
  });

  it('reports an instance that does not answer in time as unreachable, without throwing', async () => {
    const stats = await gatewayStats(
      dwp,
      statusWith({ 'dwp-internal-api-1': silentUrl, 'external-gateway-1': silentUrl }),
      {
        timeoutMs: 50,
      },
    );
    assert.deepEqual(stats.primary?.instances[0], {
      id: 'dwp-internal-api-1',
      url: silentUrl,
      reachable: false,
      error: 'no answer in time',
    });
    assert.equal(stats.external?.instances[0]?.reachable, false);
  });

  it('reports a refused connection and an answer of the wrong shape as unreachable', async () => {
    const gone = createServer();
    const goneUrl = await listen(gone);
    await new Promise((r) => gone.close(r));
    const stats = await gatewayStats(dwp, statusWith({ 'dwp-internal-api-1': goneUrl, 'external-gateway-1': badUrl }));
    const p = stats.primary?.instances[0];
    assert.ok(p && !p.reachable);
    assert.equal(p.error, 'ECONNREFUSED');
    const e = stats.external?.instances[0];
    assert.ok(e && !e.reachable);
    assert.equal(e.error, 'unexpected answer');
  });
});
