/**
 * The operations console on a running platform, in Chromium: after a citizen's requests the map
 * lights the edges they crossed with their figures, one of those requests opens as a waterfall with
 * a span from every hop and the log lines that carry its trace id, and an instance that stops
 * answering turns red on the open page without a reload. axe finds no WCAG 2.2 AA violation.
 * Screenshots: tests/e2e/screenshots/console-live-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { ifAssigned } from './fixtures/hooks.ts';
import { newTraceparent, traceWhen } from './fixtures/jaeger-client.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';
import { SCREENSHOTS_DIR } from './web/page-checks.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return axe.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('the operations console on a running platform', () => {
  let started: TestPlatform;
  let browser: Browser;
  let page: Page;
  let traceId = '';

  before(async () => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    started = await startTestPlatform('console-live');
    const { platform } = started;
    const token = (await signIn(platform.entryUrl, await seededUser(started.dataDir, 'test-citizen'))).accessToken;
    const traced = newTraceparent();
    traceId = traced.traceId;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${platform.entryUrl}/api/claims/claims`, {
        headers: { authorization: `Bearer ${token}`, ...(i === 0 ? { traceparent: traced.traceparent } : {}) },
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    // The spans are exported in batches: wait until the traced request's reached the store.
    await traceWhen(platform.adminUrl, traceId, (t) => t.services().has('claims-api') && t.services().has('edge'));
    browser = await launchChromium(chromium);
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  });
  after(async () => {
    await ifAssigned(browser)?.close();
    await ifAssigned(started)?.stop();
  });

  it('lights the edges the requests crossed, with their rate and p95', async () => {
    await page.goto(`${started.platform.adminUrl}/`);
    for (const edge of ['edge>dwp-internal-api', 'dwp-internal-api>claims-api']) {
      const label = page.locator(`svg.map [data-edge="${edge}"] .edge__label`);
      await label.waitFor();
      assert.match((await label.textContent()) ?? '', /\d+\.\d rps · p95 \d+ ms/, edge);
    }
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-live-map.png'), fullPage: true });
    assert.deepEqual(await violations(page), []);
  });

  it('opens a request as a waterfall with a span from every hop and its log lines', async () => {
    await page.locator(`a[href="/console/trace/${traceId}"]`).first().click();
    await page.locator('ol.waterfall').waitFor();
    const text = (await page.locator('ol.waterfall').textContent()) ?? '';
    for (const service of ['edge', 'dwp-internal-api', 'claims-api']) assert.ok(text.includes(service), service);
    assert.match(text, /pg\.query/, 'the database query is one of the spans');
    assert.ok((await page.locator('#trace-logs tbody tr').count()) > 0, 'the log lines with its trace id');
    await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-live-trace.png'), fullPage: true });
    assert.deepEqual(await violations(page), []);
  });

  it('turns an instance that stops answering red, while the page is open', async () => {
    const pid = started.platform.supervisor.pidOf('claims-api-1');
    assert.ok(pid, 'claims-api-1 runs');
    await page.goto(`${started.platform.adminUrl}/`);
    // Stopped, not killed: the process stays (no restart) and its health checks time out.
    process.kill(pid, 'SIGSTOP');
    try {
      await page
        .locator('svg.map [data-node="claims-api"]', { hasText: '0 of 1 healthy' })
        .waitFor({ timeout: 60_000 });
      const stroke = await page
        .locator('svg.map [data-node="claims-api"] rect')
        .first()
        .evaluate((el) => getComputedStyle(el).stroke);
      assert.equal(stroke, 'rgb(212, 53, 28)', 'drawn in red');
      assert.match((await page.locator('tr[data-instance="claims-api-1"] .tag').textContent()) ?? '', /unhealthy/);
      await page.screenshot({ path: join(SCREENSHOTS_DIR, 'console-live-unhealthy.png'), fullPage: true });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });
});
