/**
 * The web tier's journeys in a real Chromium against `npm start`'s processes: a new citizen
 * creates an account, proves their identity at GOV.UK One Login, gives their details, checks what
 * they could get, applies for Universal Credit with evidence; a caseworker awards it; the citizen
 * sees the award. Every page passes axe-core (WCAG 2.2 AA), has the GOV.UK header and its own
 * title, and is photographed into tests/e2e/screenshots/. The citizen's journey is then run again
 * with JavaScript off, with the keyboard only, and on a 320 px screen.
 */
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  applyForUniversalCredit,
  caseworkerAwards,
  checkWhatYouCouldGet,
  citizenSeesAward,
  createAccount,
  giveDetails,
  proveIdentity,
  TENANCY_PDF,
  type NewCitizen,
} from './web/citizen-journey.ts';
import { JourneyDriver, type InputMode } from './web/journey-driver.ts';
import { PageChecks } from './web/page-checks.ts';
import { WebPlatform } from './web/web-platform.ts';
import { ifAssigned } from './fixtures/hooks.ts';

const EVIDENCE = { name: 'tenancy.pdf', mimeType: 'application/pdf', buffer: TENANCY_PDF };
let serial = 0;
const newCitizen = (tag: string): NewCitizen => ({
  username: `${tag}.${process.pid}.${++serial}`,
  password: 'Correct-horse-battery-2026!',
});

describe('the web journeys in a browser', () => {
  let web: WebPlatform;

  before(async () => {
    web = await WebPlatform.start();
  });
  after(() => ifAssigned(web)?.stop());

  /** The citizen's part, from the start page to a sent Universal Credit claim. */
  async function citizenJourney(d: JourneyDriver, who: NewCitizen): Promise<string> {
    await createAccount(d, web, who);
    await proveIdentity(d);
    await giveDetails(d, web.url);
    await checkWhatYouCouldGet(d, web.url);
    return applyForUniversalCredit(d, web.url, EVIDENCE);
  }

  it('takes a new citizen from the start page to a sent claim with evidence, a caseworker to its award, and the citizen to the decision', async () => {
    const checks = new PageChecks('journey');
    const citizenPage = await web.newPage();
    const citizen = new JourneyDriver(citizenPage, { mode: 'mouse', checks });
    const claimId = await citizenJourney(citizen, newCitizen('journey'));

    const caseworkerPage = await web.newPage();
    await web.signInWithPages(caseworkerPage, web.caseworker);
    await caseworkerAwards(new JourneyDriver(caseworkerPage, { mode: 'mouse', checks }), web.url, claimId);

    await citizenSeesAward(citizen, web.url, claimId);
    await Promise.all([citizenPage.context().close(), caseworkerPage.context().close()]);
  });

  const modes: ReadonlyArray<{
    name: string;
    mode: InputMode;
    context: Parameters<WebPlatform['newPage']>[0];
    narrow?: boolean;
  }> = [
    { name: 'with JavaScript off', mode: 'mouse', context: { javaScriptEnabled: false } },
    { name: 'with the keyboard only', mode: 'keyboard', context: {} },
    {
      name: 'on a 320 px wide screen, with nothing wider than it',
      mode: 'mouse',
      context: { viewport: { width: 320, height: 640 } },
      narrow: true,
    },
  ];
  for (const m of modes) {
    it(`takes a new citizen through the same journey ${m.name}`, async () => {
      const page: Page = await web.newPage(m.context);
      const d = new JourneyDriver(page, {
        mode: m.mode,
        ...(m.narrow ? { narrow: true, checks: new PageChecks('narrow') } : {}),
      });
      await citizenJourney(d, newCitizen(m.mode === 'keyboard' ? 'keys' : m.narrow ? 'narrow' : 'nojs'));
      await page.context().close();
    });
  }
});
