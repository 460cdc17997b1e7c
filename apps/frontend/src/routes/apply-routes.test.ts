import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GatewayRequest } from '../upstream/platform-api.ts';
import { IDLE_TIMEOUT_S } from '../session/session-store.ts';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const CLAIM_ID = '0190f5d2-3c4b-7a00-8000-000000000001';
const claimOf = (answers: Record<string, unknown>, state = 'draft', benefit = 'universal-credit') => ({
  id: CLAIM_ID,
  citizenSub: citizen.sub,
  benefit,
  state,
  status: 'x',
  answers,
  decision: null,
  nextSteps: [],
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
  submittedAt: state === 'draft' ? null : '2026-12-01T10:00:00.000Z',
  decidedAt: null,
});
const UC_DONE = {
  'home-type': 'own-home',
  partner: false,
  children: 0,
  working: false,
  savings: 0,
  'other-income': 0,
  'health-condition': false,
};

describe('the Apply pages', () => {
  let web: WebAppUnderTest;
  let stored: Record<string, unknown>;
  let state: string;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    stored = {};
    state = 'draft';
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, () => ({ status: 200, body: claimOf(stored, state) }));
    web.gateway.on('PUT', `/claims/claims/${CLAIM_ID}/answers`, (req: GatewayRequest) => {
      if (state !== 'draft')
        return { status: 409, body: { error: { code: 'CLAIMS_ERR_ANSWERS_LOCKED', message: 'no' } } };
      stored = req.body as Record<string, unknown>;
      return { status: 200, body: claimOf(stored) };
    });
    await web.signIn(citizen);
  });

  it("makes a draft claim of the chosen benefit with the form's Idempotency-Key and opens its task list", async () => {
    web.gateway.on('GET', '/claims/claims?state=draft&benefit=universal-credit&limit=1', {
      status: 200,
      body: { items: [] },
    });
    web.gateway.on('POST', '/claims/claims', { status: 201, body: claimOf({}) });
    const page = await web.get('/apply');
    assert.equal(page.status, 200);
    assert.equal(
      titleOf(page.body),
      'What do you want to apply for? – Apply for Universal Credit, new style JSA or ESA – GOV.UK',
    );
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await web.post('/apply', { benefit: 'universal-credit', idempotencyKey: key });
    assert.deepEqual([res.status, res.location], [303, `/apply/${CLAIM_ID}`]);
    const call = web.gateway.calls('POST', '/claims/claims').at(-1)!;
    assert.deepEqual(call.body, { benefit: 'universal-credit', answers: {} });
    assert.equal(call.headers['idempotency-key'], key);
  });

  it('carries on a draft already started for the benefit instead of making another', async () => {
    web.gateway.on('GET', '/claims/claims?state=draft&benefit=new-style-esa&limit=1', {
      status: 200,
      body: { items: [claimOf({}, 'draft', 'new-style-esa')] },
    });
    const before = web.gateway.calls('POST', '/claims/claims').length;
    await web.get('/apply');
    const res = await web.post('/apply', {
      benefit: 'new-style-esa',
      idempotencyKey: '0190f5d2-3c4b-7a00-8000-0000000000ab',
    });
    assert.deepEqual([res.status, res.location], [303, `/apply/${CLAIM_ID}`]);
    assert.equal(web.gateway.calls('POST', '/claims/claims').length, before);
  });

  it('asks to choose a benefit when none is chosen', async () => {
    await web.get('/apply');
    const res = await web.post('/apply', { idempotencyKey: '0190f5d2-3c4b-7a00-8000-0000000000aa' });
    assert.equal(res.status, 400);
    assert.equal(textOf(res.body, '.govuk-error-summary__list'), 'Select what you want to apply for');
    assert.match(res.body, /href="#benefit"/);
  });

  it("shows the task list with each section's status, details, identity and evidence", async () => {
    stored = { 'home-type': 'renting-privately' };
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: { address: { uprn: '100023336956' }, consents: {} },
    });
    web.gateway.on('GET', '/identity/me', {
      status: 200,
      body: { sub: citizen.sub, username: 'amanda', roles: ['citizen'], confidence: 'P1' },
    });
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence`, { status: 200, body: { items: [] } });
    const res = await web.get(`/apply/${CLAIM_ID}`);
    assert.equal(res.status, 200);
    assert.match(res.body, /class="govuk-task-list"/);
    assert.match(
      res.body,
      new RegExp(`href="/apply/${CLAIM_ID}/monthly-rent"[^>]*>\\s*Where you live`),
      'an unfinished section links to its next question',
    );
    assert.match(res.body, /Where you live[\s\S]*?In progress/);
    assert.match(res.body, /Your details[\s\S]*?Completed[\s\S]*?Prove your identity[\s\S]*?Not yet started/);
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}/evidence\\?returnTo=%2Fapply%2F${CLAIM_ID}"`));
    assert.match(res.body, /Check your answers and send[\s\S]*?Cannot start yet/);
  });

  it('saves each answer to the claim at once and goes to the next question the answers ask', async () => {
    const page = await web.get(`/apply/${CLAIM_ID}/home-type`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1 class="govuk-fieldset__heading">[\s\S]*Where do you live\?/);
    const res = await web.post(`/apply/${CLAIM_ID}/home-type`, { answer: 'renting-privately' });
    assert.deepEqual([res.status, res.location], [303, `/apply/${CLAIM_ID}/monthly-rent`]);
    assert.deepEqual(stored, { 'home-type': 'renting-privately' });
    const rent = await web.post(`/apply/${CLAIM_ID}/monthly-rent`, { answer: '£1,250.50' });
    assert.deepEqual(
      [rent.status, rent.location],
      [303, `/apply/${CLAIM_ID}`],
      'the end of a section is the task list',
    );
    assert.deepEqual(stored, { 'home-type': 'renting-privately', 'monthly-rent': 125_050 });
  });

  it('drops the rent when the home changes to one without rent', async () => {
    stored = { 'home-type': 'renting-privately', 'monthly-rent': 125_050 };
    await web.get(`/apply/${CLAIM_ID}/home-type`);
    await web.post(`/apply/${CLAIM_ID}/home-type`, { answer: 'own-home' });
    assert.deepEqual(stored, { 'home-type': 'own-home' });
    const rent = await web.get(`/apply/${CLAIM_ID}/monthly-rent`);
    assert.deepEqual(
      [rent.status, rent.location],
      [303, `/apply/${CLAIM_ID}`],
      'a question the answers do not ask is not a page',
    );
  });

  it('shows GOV.UK errors with what was typed, and saves nothing', async () => {
    stored = { 'home-type': 'renting-social' };
    await web.get(`/apply/${CLAIM_ID}/monthly-rent`);
    const res = await web.post(`/apply/${CLAIM_ID}/monthly-rent`, { answer: 'six hundred' });
    assert.equal(res.status, 400);
    assert.match(titleOf(res.body) ?? '', /^Error: How much rent/);
    assert.equal(
      textOf(res.body, '.govuk-error-summary__list'),
      'Enter an amount in pounds and pence, like 600 or 193.54',
    );
    assert.match(res.body, /value="six hundred"/);
    assert.deepEqual(stored, { 'home-type': 'renting-social' });
  });

  it('names the missing part of a date', async () => {
    stored = {};
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, () => ({
      status: 200,
      body: claimOf(stored, 'draft', 'new-style-jsa'),
    }));
    await web.get(`/apply/${CLAIM_ID}/job-end-date`);
    const res = await web.post(`/apply/${CLAIM_ID}/job-end-date`, {
      'answer-day': '3',
      'answer-month': '',
      'answer-year': '2026',
    });
    assert.equal(res.status, 400);
    assert.equal(textOf(res.body, '.govuk-error-summary__list'), 'The date your last job ended must include a month');
    assert.match(res.body, /href="#answer-month"/);
    assert.match(
      res.body,
      /class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="answer-month"/,
      'only the missing part is marked',
    );
    assert.doesNotMatch(res.body, /govuk-input--error" id="answer-day"/);
  });

  it('lists every answer on Check your answers with Change links that come back to it', async () => {
    stored = { ...UC_DONE };
    const res = await web.get(`/apply/${CLAIM_ID}/check-answers`);
    assert.equal(res.status, 200);
    assert.match(res.body, /class="govuk-summary-list/);
    assert.match(res.body, /I own my home/);
    assert.match(res.body, new RegExp(`href="/apply/${CLAIM_ID}/partner\\?change=1"`));
    await web.get(`/apply/${CLAIM_ID}/partner?change=1`);
    const yes = await web.post(`/apply/${CLAIM_ID}/partner?change=1`, { answer: 'yes' });
    assert.equal(yes.location, `/apply/${CLAIM_ID}/partner-name?change=1`, 'a newly opened question is asked first');
    const named = await web.post(`/apply/${CLAIM_ID}/partner-name?change=1`, { answer: 'Sam Jones' });
    assert.equal(named.location, `/apply/${CLAIM_ID}/check-answers`);
  });

  it('sends an incomplete claim back to its first unanswered question instead of checking it', async () => {
    stored = { 'home-type': 'own-home' };
    const res = await web.get(`/apply/${CLAIM_ID}/check-answers`);
    assert.deepEqual([res.status, res.location], [303, `/apply/${CLAIM_ID}/partner`]);
  });

  it('needs the declaration ticked, then sends the claim and shows its reference', async () => {
    stored = { ...UC_DONE };
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/submit`, () => {
      state = 'submitted';
      return { status: 200, body: claimOf(stored, 'submitted') };
    });
    await web.get(`/apply/${CLAIM_ID}/declaration`);
    const unticked = await web.post(`/apply/${CLAIM_ID}/declaration`, {});
    assert.equal(unticked.status, 400);
    assert.match(textOf(unticked.body, '.govuk-error-summary__list') ?? '', /Select to confirm/);
    const sent = await web.post(`/apply/${CLAIM_ID}/declaration`, { confirm: 'yes' });
    assert.deepEqual([sent.status, sent.location], [303, `/apply/${CLAIM_ID}/confirmation`]);
    assert.equal(
      web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/submit`).at(-1)?.headers['idempotency-key'],
      `submit-${CLAIM_ID}`,
    );
    const done = await web.get(`/apply/${CLAIM_ID}/confirmation`);
    assert.match(done.body, /class="govuk-panel govuk-panel--confirmation"/);
    assert.match(done.body, /Application complete/);
    assert.match(done.body, new RegExp(CLAIM_ID));
    const late = await web.post(`/apply/${CLAIM_ID}/savings`, { answer: '10' });
    assert.equal(late.location, `/apply/${CLAIM_ID}/confirmation`, 'a sent claim takes no more answers');
  });

  it("links the declaration's error to the task that fixes a refused submission", async () => {
    stored = { ...UC_DONE };
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/submit`, {
      status: 409,
      body: { error: { code: 'CLAIMS_ERR_IDENTITY_NOT_VERIFIED', message: 'P2 needed' } },
    });
    await web.get(`/apply/${CLAIM_ID}/declaration`);
    const res = await web.post(`/apply/${CLAIM_ID}/declaration`, { confirm: 'yes' });
    assert.equal(res.status, 409);
    assert.match(res.body, /href="\/identity\/prove">Prove your identity before you send your application/);
    assert.match(res.body, /name="confirm" type="checkbox" value="yes" checked/, 'the tick is kept');
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/submit`, {
      status: 409,
      body: { error: { code: 'CLAIMS_ERR_ADDRESS_NOT_VALIDATED', message: 'address' } },
    });
    const address = await web.post(`/apply/${CLAIM_ID}/declaration`, { confirm: 'yes' });
    assert.match(address.body, /href="\/details">Add your address/);
  });

  it("answers another citizen's claim, a made-up id and an unknown question with Page not found", async () => {
    web.gateway.on('GET', '/claims/claims/0190f5d2-3c4b-7a00-8000-00000000ffff', {
      status: 404,
      body: { error: { code: 'CLAIMS_ERR_NOT_FOUND', message: 'no' } },
    });
    for (const url of [
      '/apply/0190f5d2-3c4b-7a00-8000-00000000ffff',
      '/apply/not-a-uuid',
      `/apply/${CLAIM_ID}/no-such-question`,
    ]) {
      const res = await web.get(url);
      assert.equal(res.status, 404, url);
      assert.match(res.body, /Page not found/);
    }
  });

  it('shows the questions and the task list in Welsh', async () => {
    const res = await web.get(`/apply/${CLAIM_ID}/home-type?lang=cy`);
    assert.match(res.body, /Ble ydych chi&#39;n byw\?/);
    assert.match(res.body, /Cadw a pharhau/);
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 404,
      body: { error: { code: 'CITIZEN_ERR_NOT_FOUND', message: 'register first' } },
    });
    web.gateway.on('GET', '/identity/me', {
      status: 200,
      body: { sub: citizen.sub, username: 'amanda', roles: ['citizen'], confidence: 'P2' },
    });
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence`, {
      status: 200,
      body: { items: [{ id: 'e1' }, { id: 'e2' }] },
    });
    const list = await web.get(`/apply/${CLAIM_ID}`);
    assert.match(
      list.body,
      /<h1 class="govuk-heading-xl">Gwneud cais am Gredyd Cynhwysol<\/h1>/,
      'with the soft mutation after "am"',
    );
    assert.match(
      list.body,
      /Eich manylion[\s\S]*?Heb ddechrau eto[\s\S]*?Profi pwy ydych chi[\s\S]*?Wedi(&#39;|')i gwblhau/,
    );
    assert.match(list.body, /Wedi uwchlwytho \(2\)/);
    await web.get(`/apply/${CLAIM_ID}?lang=en`);
  });

  it('loses no saved answer when the session times out: after signing in again they are all there', async () => {
    await web.get(`/apply/${CLAIM_ID}/home-type`);
    await web.post(`/apply/${CLAIM_ID}/home-type`, { answer: 'renting-social' });
    await web.post(`/apply/${CLAIM_ID}/monthly-rent`, { answer: '480' });
    web.advance(IDLE_TIMEOUT_S * 1000 + 1_000);
    const lapsed = await web.get(`/apply/${CLAIM_ID}/monthly-rent`);
    assert.deepEqual(
      [lapsed.status, lapsed.location],
      [303, `/sign-in?timedOut=1&returnTo=${encodeURIComponent(`/apply/${CLAIM_ID}/monthly-rent`)}`],
    );
    await web.signIn(citizen);
    const back = await web.get(`/apply/${CLAIM_ID}/monthly-rent`);
    assert.match(back.body, /id="answer" name="answer" type="text" spellcheck="false" value="480"/);
  });

  it('says the limit of a long answer under its box, and refuses more on the server', async () => {
    stored = { 'health-condition': true };
    const page = await web.get(`/apply/${CLAIM_ID}/health-details`);
    assert.match(page.body, /data-module="govuk-character-count" data-maxlength="1200"/);
    assert.match(page.body, /You can enter up to 1200 characters/);
    const long = await web.post(`/apply/${CLAIM_ID}/health-details`, { answer: 'x'.repeat(1201) });
    assert.equal(long.status, 400);
    assert.equal(
      textOf(long.body, '.govuk-error-summary__list'),
      'Your health condition or disability must be 1200 characters or less',
    );
  });

  it('asks a jobseeker why their job ended only when no listed reason fits', async () => {
    stored = { 'last-employer': 'Tesco', 'job-end-date': '2026-10-31' };
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, () => ({
      status: 200,
      body: claimOf(stored, 'draft', 'new-style-jsa'),
    }));
    await web.get(`/apply/${CLAIM_ID}/job-end-reason`);
    const other = await web.post(`/apply/${CLAIM_ID}/job-end-reason`, { answer: 'other' });
    assert.equal(other.location, `/apply/${CLAIM_ID}/job-end-details`);
    const redundant = await web.post(`/apply/${CLAIM_ID}/job-end-reason`, { answer: 'redundancy' });
    assert.equal(redundant.location, `/apply/${CLAIM_ID}/national-insurance`);
  });
});

describe('the Apply pages, signed out', () => {
  it('send a visitor to sign in and back', async () => {
    const web = await WebAppUnderTest.start();
    const res = await web.get(`/apply/${CLAIM_ID}/home-type`);
    assert.deepEqual(
      [res.status, res.location],
      [303, `/sign-in?required=1&returnTo=${encodeURIComponent(`/apply/${CLAIM_ID}/home-type`)}`],
    );
    await web.close();
  });
});
