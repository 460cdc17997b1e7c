/**
 * The operations console in a real Chromium, against fake deps (no platform is started): the map
 * shows the definition's edges with the spans' figures, a stopped instance shows red and "stopped",
 * a trace opens as a waterfall with its spans and log lines, the page updates itself when the data
 * changes (polling, no reload), the trace filter works with and without JavaScript, and axe-core
 * finds no WCAG 2.2 AA violation on the console or the trace page. Screenshots go to
 * tests/e2e/screenshots/console-*.png.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { dwp } from '@dwp/platforms/dwp';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  FIXTURE_TRACE_ID,
  FixtureTraces,
  fixtureStatus,
} from '../../packages/dev-runtime/src/console/console.fixture.ts';
import { serveConsole, type GatewayStats } from '../../packages/dev-runtime/src/console/index.ts';
import type { PlatformStatus } from '../../packages/dev-runtime/src/status-table.ts';
import { launchChromium } from './browser.ts';
import { SCREENSHOTS_DIR } from './web/page-checks.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const STATS: GatewayStats = {
  generatedAt: '2026-12-01T17:00:00.000Z',
  primary: {
    name: 'dwp-internal-api',
    limits: { rateLimit: 10000, burstLimit: 5000, cacheEnabled: true, cacheTtlSeconds: 300 },
    instances: [
      {
        id: 'dwp-internal-api-1',
        url: 'http://127.0.0.1:1',
        reachable: true,
        counters: {
          requests: 420,
          cacheHits: 90,
          cacheMisses: 30,
          throttled: 4,
          throttledByLevel: { stage: 4 },
          errors4xx: 12,
          errors5xx: 6,
        },
      },
    ],
  },
  external: {
    name: 'dwp-external-api',
    service: 'external-gateway',
    breaker: { failureRatePercent: 50, openSeconds: 30, minimumCalls: 10, windowSeconds: 60 },
    instances: [
      {
        id: 'external-gateway-1',
        url: 'http://127.0.0.1:2',
        reachable: true,
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
        calls: [
          { upstream: 'hmrc', outcome: '2xx', count: 27 },
          { upstream: 'hmrc', outcome: '5xx', count: 3 },
        ],
      },
    ],
  },
};

/** Every instance of the fixture healthy: what the platform looks like once claims-api-2 is back. */
function allHealthy(): PlatformStatus {
  const s = fixtureStatus();
  return {
    ...s,
    services: s.services.map((svc) => ({
      ...svc,
      healthy: svc.instances.length,
      instances: svc.instances.map((i) => ({ ...i, state: 'healthy' as const, pid: i.pid ?? 4242 })),
    })),
  };
}

async function axeViolations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return axe.violations.map(
    (v) => `${v.id} (${v.impact ?? ''}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('the operations console in a browser', () => {
  let server: Server;
  let base = '';
  let logDir = '';
  let browser: Browser;
  let page: Page;
  let status: PlatformStatus = fixtureStatus();
  const traces = new FixtureTraces();
  const cspViolations: string[] = [];

  before(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    logDir = await mkdtemp(join(tmpdir(), 'console-e2e-'));
    await writeFile(join(logDir, 'claims-api-2.log'), '{"level":50,"msg":"claims-api-2 exited: <oom>"}\n');
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://admin');
      const answered = serveConsole(req, res, url, {
        platform: dwp,
        status: () => status,
        logDir,
        traces,
        gatewayStats: async () => STATS,
      });
      if (!answered) res.writeHead(404, { 'content-type': 'text/plain' }).end('not the console');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(chromium);
    // axe-core runs its checks in a page of the same context: a page needs a context of its own.
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  });

  after(async () => {
    await browser.close();
    server.closeAllConnections();
    server.close();
    await rm(logDir, { recursive: true, force: true });
  });

  it('draws the definition edges on the map with the spans figures, the observed one dashed', async () => {
    await page.goto(`${base}/`);
    const citizen = page.locator('svg.map [data-edge="dwp-internal-api>citizen-api"]');
    assert.equal(await citizen.getAttribute('class'), 'edge edge--ok');
    assert.equal(await citizen.locator('.edge__label').textContent(), '2.0 rps · p95 35 ms');
    const claims = page.locator('svg.map [data-edge="dwp-internal-api>claims-api"]');
    assert.equal(await claims.getAttribute('class'), 'edge edge--down');
    assert.match((await claims.locator('.edge__label').textContent()) ?? '', /1\.0 rps · p95 120 ms\s*6 errors/);
    assert.equal(await page.locator('svg.map g.edge--observed[data-edge="citizen-api>benefits-api"]').count(), 1);
    const row = page.locator('#edge-table tr[data-edge="dwp-internal-api>claims-api"]');
    assert.match((await row.textContent()) ?? '', /60\s*6\s*1\.0\s*10\.0%\s*120 ms\s*failing/);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-01-overview.png'), fullPage: true });
  });

  it('shows the stopped instance red and "stopped", and its service red on the map', async () => {
    const tag = page.locator('tr[data-instance="claims-api-2"] .tag');
    assert.equal(await tag.textContent(), 'stopped');
    assert.equal(
      await tag.evaluate((el) => getComputedStyle(el).backgroundColor),
      'rgb(244, 205, 198)',
      'the failing style',
    );
    const node = page.locator('svg.map [data-node="claims-api"]');
    assert.match((await node.getAttribute('class')) ?? '', /\bnode--down\b/);
    assert.match((await node.textContent()) ?? '', /1 of 2 healthy/);
    assert.equal(await node.locator('rect').evaluate((el) => getComputedStyle(el).stroke), 'rgb(212, 53, 28)');
  });

  it('opens an instance log from its row', async () => {
    await page.locator('tr[data-instance="claims-api-2"] a', { hasText: 'Logs' }).click();
    await page.waitForURL(`${base}/console/logs/claims-api-2`);
    assert.match((await page.locator('pre.log').textContent()) ?? '', /claims-api-2 exited: <oom>/);
    await page.goBack();
  });

  it('passes axe on the console', async () => {
    await page.goto(`${base}/`);
    assert.deepEqual(await axeViolations(page), []);
  });

  it('updates the map and the instances in place when the data changes', async () => {
    await page.goto(`${base}/`);
    await page.evaluate('window.__notReloaded = true');
    traces.scale = 3;
    status = allHealthy();
    await page
      .locator('svg.map [data-edge="dwp-internal-api>citizen-api"] .edge__label', { hasText: '6.0 rps · p95 35 ms' })
      .waitFor();
    await page.locator('svg.map [data-node="claims-api"]', { hasText: '2 of 2 healthy' }).waitFor();
    await page.locator('tr[data-instance="claims-api-2"] .tag', { hasText: 'healthy' }).waitFor();
    assert.equal(await page.evaluate('window.__notReloaded'), true, 'no full reload');
    assert.match((await page.locator('#console-updated').textContent()) ?? '', /^Updated at \d\d:\d\d:\d\d UTC/);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-02-updated.png'), fullPage: true });
  });

  it('filters the traces in place with the form', async () => {
    await page.goto(`${base}/`);
    assert.equal(await page.locator('#trace-table tbody tr').count(), 2);
    await page.locator('#trace-status').selectOption('error');
    await page.locator('#trace-filters button').click();
    await page.locator('#trace-table caption', { hasText: 'status error' }).waitFor();
    assert.equal(await page.locator('#trace-table tbody tr').count(), 1);
    assert.equal(new URL(page.url()).search, '?status=error');
    assert.deepEqual(traces.queries.at(-1), { status: 'error', limit: 50 });
  });

  it('filters the traces without JavaScript too', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(`${base}/`);
      await plain.locator('#trace-service').selectOption('frontend-service');
      await plain.locator('#trace-filters button').click();
      await plain.waitForURL(/service=frontend-service/);
      assert.equal(await plain.locator('#trace-table tbody tr').count(), 1);
      assert.match((await plain.locator('#trace-table tbody tr').textContent()) ?? '', /GET \//);
    } finally {
      await context.close();
    }
  });

  it('opens a trace as a waterfall with its spans, their attributes and its log lines', async () => {
    await page.goto(`${base}/`);
    await page.locator(`#trace-table a[href="/console/trace/${FIXTURE_TRACE_ID}"]`).click();
    await page.waitForURL(`${base}/console/trace/${FIXTURE_TRACE_ID}`);
    assert.equal(await page.locator('ol.waterfall > li.span').count(), 5);
    const failed = page.locator('#span-4444444444444444');
    assert.match((await failed.getAttribute('class')) ?? '', /span--error/);
    assert.equal(await failed.locator('summary .tag').textContent(), 'error');
    assert.equal(await failed.locator('.span__bar').getAttribute('x'), '16.667');
    await failed.locator('summary').click();
    const attrs = failed.locator('.span__detail table');
    await attrs.first().waitFor();
    assert.match((await attrs.first().textContent()) ?? '', /otel\.status_code\s*ERROR/);
    assert.equal(await page.locator('#trace-logs tbody tr').count(), 2);
    assert.match((await page.locator('#trace-logs').textContent()) ?? '', /hmrc answered 503 <b>/);
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-03-trace.png'), fullPage: true });
  });

  it('passes axe on the trace page', async () => {
    assert.deepEqual(await axeViolations(page), []);
  });

  it('loaded everything under its CSP', () => {
    assert.deepEqual(cspViolations, []);
  });
});
