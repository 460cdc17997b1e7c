/**
 * Web sessions in a real Chromium against the running platform: sign in through the form with the
 * authenticator app's code (and, for a new account, setting the app up), the cookie's protections,
 * CSRF refusals that leave the session intact, and sign-out.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type LocalPlatform } from '@dwp/dev-runtime';
import { nextSecurityCode, seededUser, type SeededUser } from '@dwp/dev-runtime/testing/sign-in';
import { codeForStep, totpStep } from '@dwp/user-pool';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

/** The username the account page shows in its summary list. */
const accountUsername = async (p: Page) =>
  (
    await p
      .locator('.govuk-summary-list__row', { hasText: /Username/ })
      .locator('dd')
      .first()
      .textContent()
  )?.trim();

describe('web sessions in a browser', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let attacker: Server;
  let attackerUrl: string;
  let citizen: SeededUser;

  before(async () => {
    started = await startTestPlatform('web');
    ({ platform, dataDir } = started);
    citizen = await seededUser(dataDir, 'test-citizen');
    // Another site, which tries to make the signed-in browser sign out.
    attacker = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<form id="f" method="post" action="${platform.entryUrl}/sign-out"><input name="_csrf" value="guess"></form><script>document.getElementById('f').submit()</script>`,
        );
    });
    attacker.listen(0, '127.0.0.1');
    await once(attacker, 'listening');
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await launchChromium(chromium);
    context = await browser.newContext();
    page = await context.newPage();
  });

  after(async () => {
    await ifAssigned(browser)?.close();
    ifAssigned(attacker)?.close();
    await ifAssigned(started)?.stop();
  });

  it('shows an error and no account for a wrong password', async () => {
    await page.goto(`${platform.entryUrl}/sign-in`);
    await page.fill('#username', citizen.username);
    await page.fill('#password', 'Wr0ng-password!');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    assert.equal(response.status(), 401);
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Enter a correct username and password/);
    assert.match(await page.title(), /^Error: Sign in/);
  });

  it('asks for the authenticator code after the password, refuses a wrong one, and shows the account', async () => {
    await page.goto(`${platform.entryUrl}/sign-in`);
    await page.fill('#username', citizen.username);
    await page.fill('#password', citizen.password);
    await Promise.all([page.waitForURL('**/sign-in/security-code'), page.click('button[type=submit]')]);
    assert.equal(await page.isVisible('#code'), true);

    const now = totpStep(Date.now());
    const valid = new Set([now - 1, now, now + 1].map((step) => codeForStep(citizen.totpSecret!, step)));
    const wrong = ['000000', '111111', '222222'].find((c) => !valid.has(c))!;
    await page.fill('#code', wrong);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-in/security-code') && r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    assert.equal(refused.status(), 400);
    assert.match((await page.textContent('.govuk-error-summary')) ?? '', /security code is not right/);

    await page.fill('#code', await nextSecurityCode(citizen.totpSecret!));
    await Promise.all([page.waitForURL('**/account'), page.click('main button[type=submit]')]);
    assert.equal(await accountUsername(page), citizen.username);
  });

  it('keeps the session in an HttpOnly, Secure, SameSite cookie that scripts cannot read', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'dwp_session');
    assert.ok(cookie, 'a session cookie is set');
    assert.deepEqual([cookie.httpOnly, cookie.secure, cookie.sameSite], [true, true, 'Lax']);
    assert.equal(await page.evaluate('document.cookie.includes("dwp_session")'), false);
  });

  it('refuses a sign-out posted from another site and keeps the session', async () => {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-out')),
      page.goto(attackerUrl),
    ]);
    assert.equal(response.status(), 403);
    await page.goto(`${platform.entryUrl}/account`);
    assert.equal(await accountUsername(page), citizen.username, 'still signed in');
  });

  it('refuses a same-site post without the right CSRF token and keeps the session', async () => {
    const status = await page.evaluate(
      async () =>
        (
          await fetch('/sign-out', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: '_csrf=wrong',
          })
        ).status,
    );
    assert.equal(status, 403);
    await page.goto(`${platform.entryUrl}/account`);
    assert.equal(await accountUsername(page), citizen.username, 'still signed in');
  });

  it('has a new account set up an authenticator app from the key it shows, then signs in', async () => {
    const json = { 'content-type': 'application/json' };
    const username = 'new.browser.user';
    const password = 'Corr3ct-horse-battery!';
    assert.equal(
      (
        await fetch(`${platform.entryUrl}/api/identity/sign-up`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username, password, email: 'new@example.com' }),
        })
      ).status,
      201,
    );
    const pool = platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { code } = (await (await fetch(`${pool}/__local/confirmation-codes/${username}`)).json()) as { code: string };
    assert.equal(
      (
        await fetch(`${platform.entryUrl}/api/identity/confirm`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username, code }),
        })
      ).status,
      200,
    );

    const fresh = await browser.newContext();
    try {
      const tab = await fresh.newPage();
      await tab.goto(`${platform.entryUrl}/sign-in`);
      await tab.fill('#username', username);
      await tab.fill('#password', password);
      await Promise.all([tab.waitForURL('**/sign-in/set-up-authenticator'), tab.click('button[type=submit]')]);
      assert.equal(
        await tab.locator('img.app-qr-code').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
        true,
        'a QR code is shown',
      );
      const key = (await tab.textContent('#secret-key'))!.replace(/\s+/g, '');
      assert.match(key, /^[A-Z2-7]{16,}=*$/, 'a base32 key to type into the app');
      await tab.fill('#code', await nextSecurityCode(key));
      await Promise.all([tab.waitForURL('**/account'), tab.click('main button[type=submit]')]);
      assert.equal(await accountUsername(tab), username);
    } finally {
      await fresh.close();
    }
  });

  it('signs out, ending the session on the server', async () => {
    const before = (await context.cookies()).find((c) => c.name === 'dwp_session')!.value;
    await page.click('.govuk-service-navigation button[type=submit]');
    await page.waitForSelector('text=You have signed out');
    await page.goto(`${platform.entryUrl}/account`);
    assert.match(page.url(), /\/sign-in\?/);
    // The old cookie, replayed by hand, no longer names a session.
    const replay = await fetch(`${platform.entryUrl}/account`, {
      headers: { cookie: `dwp_session=${before}` },
      redirect: 'manual',
    });
    assert.equal(replay.status, 303);
    assert.match(
      replay.headers.get('location') ?? '',
      /^\/sign-in\?timedOut=1/,
      'a cookie that names no session reads as a timed-out one',
    );
  });
});
