/**
 * Who may see what, in a real Chromium: a citizen is refused the caseworker console and other
 * citizens' claims with GOV.UK pages (never JSON), a signed-out or timed-out visitor goes to sign
 * in and comes back, bad addresses get GOV.UK pages, and the Welsh toggle changes every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { WebPlatform } from './web/web-platform.ts';
import { ifAssigned } from './fixtures/hooks.ts';

describe('access to pages in a browser', () => {
  let web: WebPlatform;
  let citizen: Page;
  let othersClaim: string;

  before(async () => {
    web = await WebPlatform.start();
    // A claim of a seeded citizen who is not test-citizen, as a caseworker finds it.
    const cw = await web.accessToken(web.caseworker);
    const list = (await (
      await fetch(`${web.url}/api/claims/claims?limit=5`, { headers: { authorization: `Bearer ${cw}` } })
    ).json()) as { items: Array<{ id: string }> };
    othersClaim = list.items[0]!.id;
    citizen = await web.newPage();
    await web.signInWithPages(citizen, web.citizen);
  });
  after(() => ifAssigned(web)?.stop());

  it('shows a citizen the GOV.UK "You cannot access this page" page at the caseworker console', async () => {
    const res = await citizen.goto(`${web.url}/caseworker`);
    assert.equal(res?.status(), 403);
    assert.equal(await citizen.locator('main h1').textContent(), 'You cannot access this page');
    assert.match(res.headers()['content-type'] ?? '', /^text\/html/);
  });

  it('shows a citizen "Page not found" for another citizen\'s claim, and for a claim id that is not one', async () => {
    for (const path of [`/claims/${othersClaim}`, '/claims/not-a-claim-id', `/claims/${othersClaim}/evidence`]) {
      const res = await citizen.goto(`${web.url}${path}`);
      assert.equal(res?.status(), 404, path);
      assert.equal(await citizen.locator('main h1').textContent(), 'Page not found', path);
    }
  });

  it('sends a visitor who is not signed in to sign in, and back to the page they wanted afterwards', async () => {
    const page = await web.newPage();
    await page.goto(`${web.url}/claims`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Sign in to continue/);
    await web.signInWithPages(page, web.citizen);
    assert.equal(new URL(page.url()).pathname, '/claims');
    await page.context().close();
  });

  it('tells a visitor whose session timed out that they were signed out and their answers were saved', async () => {
    const page = await web.newPage();
    await page
      .context()
      .addCookies([
        { name: 'dwp_session', value: 'A'.repeat(43), url: web.url, httpOnly: true, secure: true, sameSite: 'Lax' },
      ]);
    await page.goto(`${web.url}/account`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    assert.match(
      (await page.locator('.govuk-notification-banner').textContent()) ?? '',
      /signed out because you did not do anything for 30 minutes/,
    );
    await page.context().close();
  });

  it('answers a form too large to be one with a GOV.UK page, not an error', async () => {
    const status = await citizen.evaluate(
      async () =>
        (
          await fetch('/sign-in', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: `username=${'a'.repeat(40_000)}`,
          })
        ).status,
    );
    assert.equal(status, 413);
  });

  it('switches every page to Welsh with the language toggle, and back', async () => {
    await citizen.goto(`${web.url}/`);
    await Promise.all([citizen.waitForURL('**lang=cy'), citizen.getByRole('link', { name: 'Cymraeg' }).click()]);
    assert.equal(await citizen.getAttribute('html', 'lang'), 'cy');
    assert.equal(await citizen.getByRole('button', { name: 'Dechrau nawr' }).count(), 1);
    await citizen.goto(`${web.url}/claims`);
    assert.equal(await citizen.getAttribute('html', 'lang'), 'cy', 'the choice is remembered');
    assert.match(await citizen.title(), /Gwneud cais am Gredyd Cynhwysol/);
    await Promise.all([citizen.waitForURL('**lang=en'), citizen.getByRole('link', { name: 'English' }).click()]);
    assert.equal(await citizen.getAttribute('html', 'lang'), 'en');
  });
});
