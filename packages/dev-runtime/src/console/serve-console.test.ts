import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { FIXTURE_TRACE_ID, FixtureTraces, fixtureStatus } from './console.fixture.ts';
import type { GatewayStats } from './gateway-stats.ts';
import { serveConsole, type ConsoleDeps } from './serve-console.ts';

const STATS: GatewayStats = { generatedAt: '2026-12-01T17:00:00.000Z' };

describe('serveConsole', () => {
  let server: Server;
  let base = '';
  let logDir = '';
  const traces = new FixtureTraces();
  before(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'console-serve-'));
    await writeFile(join(logDir, 'claims-api-1.log'), 'one\ntwo\nthree\n');
    await writeFile(join(logDir, 'secret.log'), 'not for the console\n');
    const deps: ConsoleDeps = { platform: dwp, status: fixtureStatus, logDir, traces, gatewayStats: async () => STATS };
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://admin');
      if (!serveConsole(req, res, url, deps)) res.writeHead(418).end('not the console');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await rm(logDir, { recursive: true, force: true });
  });

  it('answers the console page with a CSP that allows no inline script', async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self';/);
    const page = await res.text();
    assert.match(page, /<script type="module" src="\/console\/console\.js"><\/script>/);
    assert.doesNotMatch(page, /<script>|\son[a-z]+="/);
    assert.match(page, /data-fragment="\/console\/fragment\/map"/);
  });

  it('renders the trace list from the query, so the filter form works without script', async () => {
    const page = await (await fetch(`${base}/?service=frontend-service&status=ok`)).text();
    assert.match(page, /Recent traces: service frontend-service, status ok \(1 trace\)/);
    assert.deepEqual(traces.queries.at(-1), { service: 'frontend-service', status: 'ok', limit: 50 });
    assert.match(page, /data-fragment="\/console\/fragment\/traces\?service=frontend-service&amp;status=ok"/);
  });

  it('serves each panel as a fragment', async () => {
    for (const panel of ['map', 'instances', 'gateways', 'traces']) {
      const res = await fetch(`${base}/console/fragment/${panel}`);
      assert.equal(res.status, 200, panel);
      assert.doesNotMatch(await res.text(), /<html/, panel);
    }
  });

  it('serves its assets with cache-control no-cache', async () => {
    const css = await fetch(`${base}/console/console.css`);
    assert.equal(css.headers.get('cache-control'), 'no-cache');
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    const js = await fetch(`${base}/console/console.js`);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(await js.text(), /data-fragment/);
  });

  it('answers an instance log tail as JSON, bounded by ?lines', async () => {
    const res = await fetch(`${base}/api/console/logs/claims-api-1?lines=2`);
    assert.deepEqual(await res.json(), { id: 'claims-api-1', lines: ['two', 'three'] });
  });

  it('refuses a log the status does not name, and a path out of the log folder', async () => {
    for (const path of ['secret', '..%2F..%2Fetc%2Fpasswd', '..%2Fsecret']) {
      const res = await fetch(`${base}/api/console/logs/${path}`);
      assert.equal(res.status, 404, path);
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'CONSOLE_ERR_UNKNOWN_LOG');
    }
    assert.equal((await fetch(`${base}/api/console/logs/%E0`)).status, 400);
    // The URL parser folds encoded dot segments away before the console sees the path.
    assert.notEqual((await fetch(`${base}/api/console/logs/%2E%2E/secret`)).status, 200);
  });

  it('answers the gateways as JSON', async () => {
    assert.deepEqual(await (await fetch(`${base}/api/console/gateways`)).json(), STATS);
  });

  it('renders a trace as a waterfall page, and a missing one as 404', async () => {
    const ok = await fetch(`${base}/console/trace/${FIXTURE_TRACE_ID}`);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /<ol class="waterfall"/);
    assert.equal((await fetch(`${base}/console/trace/ffffffffffffffffffffffffffffffff`)).status, 404);
    assert.equal((await fetch(`${base}/console/trace/not-hex`)).status, 404);
  });

  it('refuses methods other than GET', async () => {
    const res = await fetch(`${base}/`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'CONSOLE_ERR_METHOD');
  });

  it('leaves paths that are not its own to the admin server', async () => {
    const res = await fetch(`${base}/status`);
    assert.equal(res.status, 418);
    assert.equal((await fetch(`${base}/api/console/map`)).status, 418);
  });

  it('shows a panel whose source fails as a message in place', async () => {
    const failing = new FixtureTraces();
    failing.map = () => {
      throw new Error('trace store is down');
    };
    const s = createServer((req, res) => {
      serveConsole(req, res, new URL(req.url ?? '/', 'http://a'), {
        platform: dwp,
        status: fixtureStatus,
        logDir,
        traces: failing,
        gatewayStats: async () => STATS,
      });
    });
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Could not read the service map:<\/strong> trace store is down/);
    } finally {
      s.closeAllConnections();
      s.close();
    }
  });
});
