/**
 * The citizen's whole journey through the pages, written once and run with the mouse, the
 * keyboard only, JavaScript off and a 320 px screen: create an account (with the emailed code and
 * an authenticator app), prove identity with GOV.UK One Login, give their details and address,
 * check what they could get, apply for Universal Credit with evidence, and send the claim.
 */
import assert from 'node:assert/strict';
import { nextSecurityCode } from '@dwp/dev-runtime/testing/sign-in';
import type { JourneyDriver } from './journey-driver.ts';

export interface JourneyPlatform {
  readonly url: string;
  confirmationCode(username: string): Promise<string>;
}

export interface NewCitizen {
  readonly username: string;
  readonly password: string;
  totpSecret?: string;
}

/** A small real PDF: what a tenancy agreement upload looks like to claims-api (it reads the bytes). */
export const TENANCY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export async function createAccount(d: JourneyDriver, web: JourneyPlatform, who: NewCitizen): Promise<void> {
  await d.goto(`${web.url}/`);
  await d.arrived('start', /Apply for Universal Credit/);
  await d.activate(d.button('Start now'));
  await d.arrived('sign-in', /Sign in/);
  await d.activate(d.link('Create an account'));
  await d.arrived('create-account', /Create an account/);
  await d.fill(d.page.locator('#username'), who.username);
  await d.fill(d.page.locator('#email'), `${who.username}@example.com`);
  await d.fill(d.page.locator('#password'), who.password);
  await d.activate(d.button('Continue'));
  await d.arrived('create-account-confirm', /Check your email/);
  await d.fill(d.page.locator('#code'), await web.confirmationCode(who.username));
  await d.activate(d.button(/Confirm/));
  await d.arrived('sign-in', /Sign in/);
  await d.fill(d.page.locator('#username'), who.username);
  await d.fill(d.page.locator('#password'), who.password);
  await d.activate(d.button('Sign in'));
  await d.arrived('set-up-authenticator', /Set up an authenticator app/);
  const key = (await d.page.locator('#secret-key').textContent())!.replace(/\s+/g, '');
  assert.match(key, /^[A-Z2-7]{16,}$/);
  who.totpSecret = key;
  await d.fill(d.page.locator('#code'), await nextSecurityCode(key));
  await d.activate(d.button('Continue'));
  await d.arrived('account', /Your account/);
}

/** Proves identity at GOV.UK One Login: the browser follows the real redirects to the sandbox and back. */
export async function proveIdentity(d: JourneyDriver): Promise<void> {
  await d.activate(d.link('Prove your identity'));
  await d.arrived('prove-identity', /Prove your identity/);
  await d.activate(d.button(/Continue to GOV\.UK One Login/));
  await d.arrived('prove-identity-result', /You have proved your identity/);
  assert.match(
    (await d.page.locator('main .govuk-summary-list').textContent()) ?? '',
    /Kenneth|Decerqueira|[A-Z][a-z]+ [A-Z][a-z]+/,
  );
}

/** Gives name, date of birth, National Insurance number, contact, HMRC consent and an address found by postcode. */
export async function giveDetails(d: JourneyDriver, base: string): Promise<void> {
  await d.goto(`${base}/account`);
  await d.activate(d.link('Your details'));
  const step = async (name: string, fill: () => Promise<void>) => {
    await d.arrived(`details-${name}`);
    await fill();
    await d.activate(d.button(/Save and continue|Continue|Find address/));
  };
  await step('name', async () => {
    await d.fill(d.page.locator('#given'), 'Sam');
    await d.fill(d.page.locator('#family'), 'Jones');
  });
  await step('date-of-birth', async () => {
    await d.fill(d.page.locator('#dateOfBirth-day'), '14');
    await d.fill(d.page.locator('#dateOfBirth-month'), '3');
    await d.fill(d.page.locator('#dateOfBirth-year'), '1985');
  });
  await step('national-insurance-number', () => d.fill(d.page.locator('#nino'), 'jg 10 37 79 a'));
  await step('contact', () => d.fill(d.page.locator('#email'), 'sam.jones@example.com'));
  await step('hmrc-income', () => d.check(d.page.locator('#hmrcIncome')));
  await step('address-postcode', () => d.fill(d.page.locator('#postcode'), 'LS6 1JQ'));
  await step('address-select', () => d.check(d.page.locator('input[name=uprn]').first()));
  await d.arrived('details-check', /Check your details/);
  await d.activate(d.button(/Save|Confirm/));
}

/**
 * Answers one-question pages (the field is `answer`, as every question page names it) from
 * `answers` by question id (the last part of the path) until the page is not a question.
 */
async function answerQuestions(
  d: JourneyDriver,
  prefix: string,
  answers: Readonly<Record<string, string>>,
): Promise<string[]> {
  const asked: string[] = [];
  for (let i = 0; i < 40; i++) {
    const path = new URL(d.page.url()).pathname;
    const field = d.page.locator('main [name=answer], main [name=answer-day]');
    if ((await field.count()) === 0) return asked;
    const id = path.split('/').pop()!;
    const value = answers[id];
    assert.ok(value !== undefined, `${prefix}: no answer for the question ${id}`);
    await d.arrived(`${prefix}-${id}`);
    asked.push(id);
    const type = await field.first().getAttribute('type');
    if (type === 'radio') await d.check(d.page.locator(`main input[name=answer][value="${value}"]`));
    else if ((await d.page.locator('main [name=answer-day]').count()) > 0) {
      const [day, month, year] = value.split('-').reverse();
      await d.fill(d.page.locator('#answer-day'), day!);
      await d.fill(d.page.locator('#answer-month'), month!);
      await d.fill(d.page.locator('#answer-year'), year!);
    } else await d.fill(field.first(), value);
    await d.activate(d.page.locator('main form button[type=submit]').first());
  }
  assert.fail(`${prefix}: more than 40 questions`);
}

/** Checks what Universal Credit could pay, with HMRC's figure for earnings, and reads how it was worked out. */
export async function checkWhatYouCouldGet(d: JourneyDriver, base: string): Promise<void> {
  await d.goto(`${base}/account`);
  await d.activate(d.link('Check what you could get'));
  const asked = await answerQuestions(d, 'estimate', {
    // The first question (which benefit) is the journey's own address, /estimate.
    estimate: 'universal-credit',
    age: '41',
    partner: 'no',
    children: '1',
    'children-before-2017': '0',
    'disabled-children': '0',
    lcwra: 'no',
    carer: 'no',
    'housing-costs': 'yes',
    'childcare-costs': '0',
    'earnings-source': 'hmrc',
    'monthly-earnings': '0',
    'other-income': '0',
    savings: '1000',
  });
  assert.ok(asked.includes('earnings-source'), 'a citizen who agreed to it is offered HMRC income');
  await d.arrived('estimate-result');
  const text = (await d.page.locator('main').textContent()) ?? '';
  assert.match(text, /£[\d,]+\.\d\d/, 'an amount in pounds and pence');
  assert.match(text, /HMRC/, 'says HMRC income was used');
  assert.ok((await d.page.locator('main table tbody tr').count()) >= 2, 'how it was worked out, rate by rate');
}

/** Applies for Universal Credit from the task list to the confirmation; returns the claim reference. */
export async function applyForUniversalCredit(
  d: JourneyDriver,
  base: string,
  evidence: { name: string; mimeType: string; buffer: Buffer },
): Promise<string> {
  await d.goto(`${base}/account`);
  await d.activate(d.link('Apply for a benefit'));
  await d.arrived('apply-choose');
  await d.check(d.page.locator('main input[type=radio][value="universal-credit"]'));
  await d.activate(d.button('Continue'));
  await d.arrived('apply-task-list', /Universal Credit/);
  const claimId = /\/apply\/([0-9a-f-]{36})/.exec(d.page.url())![1]!;
  const answers = {
    'home-type': 'renting-privately',
    'monthly-rent': '650',
    partner: 'no',
    children: '1',
    'childcare-costs': '0',
    working: 'no',
    savings: '1000',
    'other-income': '0',
    'health-condition': 'no',
  };
  for (const section of ['Where you live', 'Your household', 'Work and money', 'Health']) {
    await d.activate(d.link(section));
    await answerQuestions(d, 'apply', answers);
    await d.arrived('apply-task-list', /Universal Credit/);
  }
  await d.activate(d.link(/Evidence|Upload evidence/));
  await d.arrived('evidence', /Send documents/);
  await d.upload(d.page.locator('main input[type=file]'), evidence);
  await d.activate(d.button('Upload file'));
  await d.arrived('apply-task-list', /Universal Credit/);
  await d.activate(d.link(/Check your answers/));
  await d.arrived('apply-check-answers', /Check your answers/);
  await d.activate(d.button('Continue'));
  await d.arrived('apply-declaration');
  await d.check(d.page.locator('main input[type=checkbox]'));
  await d.activate(d.button(/Accept and send/));
  await d.arrived('apply-confirmation', /Application complete/);
  // The reference the claim pages and the caseworker console show too: its last 8 characters.
  assert.match(
    (await d.page.locator('.govuk-panel').textContent()) ?? '',
    new RegExp(claimId.replace(/-/g, '').slice(-8), 'i'),
  );
  return claimId;
}

/** A caseworker finds the claim in the work queue, starts the assessment and awards it. */
export async function caseworkerAwards(d: JourneyDriver, base: string, claimId: string): Promise<void> {
  await d.goto(`${base}/caseworker`);
  await d.arrived('caseworker-queue', /Work queue/);
  // The queue filtered to claims that are sent and waiting, as a caseworker would.
  await d.check(d.page.locator('main input[name=state][value=submitted]'));
  await d.activate(d.button('Apply filters'));
  await d.arrived('caseworker-queue', /Work queue/);
  await d.activate(d.page.locator(`main a[href="/caseworker/claims/${claimId}"]`));
  await d.arrived('caseworker-claim');
  const overview = (await d.page.locator('main').textContent()) ?? '';
  assert.match(overview, /P2/, "the citizen's verified identity");
  assert.match(overview, /Kay Elizabeth Morgan/, 'the name GOV.UK One Login verified');
  assert.match(
    overview,
    /How much rent do you pay each month\?\s*£650\.00/,
    'the answers as the citizen gave them, in pounds',
  );
  assert.match(overview, /I rent from a private landlord/);
  await d.activate(d.link('Evidence'));
  await d.arrived('caseworker-claim-evidence');
  assert.match((await d.page.locator('main').textContent()) ?? '', /tenancy\.pdf/);
  await d.activate(d.link('Overview'));
  await d.activate(d.control('Start assessment'));
  await d.arrived('caseworker-start-assessment');
  await d.activate(d.button('Start assessment'));
  await d.arrived('caseworker-claim');
  await d.activate(d.control('Award'));
  await d.arrived('caseworker-award');
  await d.fill(d.page.locator('#amount'), '692.95');
  await d.fill(d.page.locator('#reasons'), 'You meet the conditions for Universal Credit');
  await d.activate(d.button('Award claim'));
  await d.arrived('caseworker-claim');
  await d.activate(d.link('History'));
  await d.arrived('caseworker-claim-history');
}

/** The citizen sees the award on their claim. */
export async function citizenSeesAward(d: JourneyDriver, base: string, claimId: string): Promise<void> {
  await d.goto(`${base}/claims`);
  await d.arrived('claims');
  await d.activate(d.page.locator(`main a[href="/claims/${claimId}"]`).first());
  await d.arrived('claim');
  const text = (await d.page.locator('main').textContent()) ?? '';
  assert.match(text, /£692\.95/);
  assert.match(text, /You meet the conditions for Universal Credit/);
}
