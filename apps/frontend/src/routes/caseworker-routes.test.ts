import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const caseworker = { sub: 'sub-carol', username: 'carol', roles: ['caseworker' as const] };
const admin = { sub: 'sub-dave', username: 'dave', roles: ['admin' as const] };
const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };

const CLAIM_ID = '019ad7c2-3b4f-7a10-8c1e-5f2a9b3c4d5e';
const EVIDENCE_ID = '019ad7c2-4000-7a10-8c1e-000000000001';
const AT = '2026-11-20T10:15:00.000Z';

function claim(over: Record<string, unknown> = {}) {
  return {
    id: CLAIM_ID,
    citizenSub: citizen.sub,
    benefit: 'universal-credit',
    state: 'under_assessment',
    status: 'We are looking at your claim.',
    answers: { livesAlone: true, monthlyRentPence: 65000 },
    decision: null,
    nextSteps: ['request_evidence', 'award', 'refuse'],
    createdAt: AT,
    updatedAt: AT,
    submittedAt: AT,
    decidedAt: null,
    ...over,
  };
}
const problem = (status: number, code: string, message = code) => ({ status, body: { error: { code, message } } });

describe('the caseworker console', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start({ now: Date.parse('2026-12-01T09:00:00Z') });
  });
  after(() => web.close());
  beforeEach(() => {
    web.gateway.requests.length = 0;
    web.gateway.on('GET', /\/claims\/claims\?.*/, { status: 200, body: { items: [claim()] } });
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, { status: 200, body: claim() });
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/checklist`, {
      status: 200,
      body: {
        items: [{ item: 'income-checked', checked: true, checkedBy: caseworker.sub, checkedAt: AT }],
        outstanding: [],
      },
    });
    web.gateway.on('GET', `/identity/users/${citizen.sub}/verification`, {
      status: 200,
      body: { sub: citizen.sub, confidence: 'P2', verifiedAt: AT },
    });
    web.gateway.on('GET', `/citizen/users/${citizen.sub}`, {
      status: 200,
      body: {
        citizenId: 'cit-1',
        sub: citizen.sub,
        name: { given: 'Amanda', family: 'Jones' },
        dateOfBirth: '1990-04-01',
        nino: 'QQ123456C',
        contact: { email: 'amanda@example.com' },
        address: {
          uprn: '100023336956',
          lines: ['10 Downing Street'],
          postTown: 'London',
          postcode: 'SW1A 2AA',
          validatedAt: AT,
        },
        preferences: {},
        consents: {},
        version: 1,
        createdAt: AT,
        updatedAt: AT,
      },
    });
  });

  describe('who may see it', () => {
    it('sends a signed-out visitor to sign in, coming back to the page afterwards', async () => {
      const res = await web.get('/caseworker?state=submitted');
      assert.equal(res.status, 303);
      assert.equal(res.location, `/sign-in?required=1&returnTo=${encodeURIComponent('/caseworker?state=submitted')}`);
    });

    for (const path of [
      '/caseworker',
      `/caseworker/claims/${CLAIM_ID}`,
      `/caseworker/claims/${CLAIM_ID}/award`,
      `/caseworker/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`,
    ]) {
      it(`shows a citizen the GOV.UK "You cannot access this page" page at ${path.replace(CLAIM_ID, '{claim}').replace(EVIDENCE_ID, '{evidence}')}, asking claims-api nothing`, async () => {
        await web.signIn(citizen);
        const res = await web.get(path);
        assert.equal(res.status, 403);
        assert.match(res.headers['content-type'] as string, /^text\/html/);
        assert.match(textOf(res.body, '.govuk-heading-l') ?? '', /You cannot access this page/);
        assert.equal(web.gateway.requests.filter((r) => r.path.startsWith('/claims')).length, 0);
      });
    }

    it("refuses a citizen's post to a caseworker action with the 403 page, sending nothing", async () => {
      await web.signIn(citizen);
      await web.get('/caseworker');
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/award`, { amount: '400', reasons: 'x' });
      assert.equal(res.status, 403);
      assert.equal(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/decision`).length, 0);
    });

    it('lets an admin in as well as a caseworker', async () => {
      await web.signIn(admin);
      assert.equal((await web.get('/caseworker')).status, 200);
    });
  });

  describe('the work queue', () => {
    it("lists claims in MoJ's sortable table inside the filter layout, with MoJ's styles and script", async () => {
      await web.signIn(caseworker);
      const res = await web.get('/caseworker');
      assert.equal(res.status, 200);
      assert.equal(titleOf(res.body), 'Work queue – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
      assert.match(res.body, /class="moj-filter-layout"/);
      assert.match(res.body, /<form method="get" action="\/caseworker"/);
      assert.match(res.body, /data-module="moj-sortable-table"/);
      assert.match(res.body, /moj-frontend[^"]*\.css/);
      assert.match(res.body, /caseworker[^"]*\.mjs/);
      assert.match(
        res.body,
        new RegExp(`href="/caseworker/claims/${CLAIM_ID}">${CLAIM_ID.slice(-8).toUpperCase()}</a>`),
      );
      assert.match(res.body, /class="moj-badge moj-badge--blue"[^>]*>Being assessed</);
      assert.match(res.body, /20 November 2026/);
      assert.equal(web.gateway.requests.at(-1)?.headers.authorization, `Bearer token-of-${caseworker.sub}`);
    });

    it('turns the filters into claims-api\'s query: states, benefits and "sent more than N days ago"', async () => {
      await web.signIn(caseworker);
      const res = await web.get(
        '/caseworker?state=submitted&state=evidence_received&benefit=new-style-jsa&olderThanDays=7',
      );
      assert.equal(res.status, 200);
      const sent = new URL(web.gateway.calls('GET', '/claims/claims').at(-1)!.path, 'http://x');
      assert.deepEqual(Object.fromEntries(sent.searchParams), {
        limit: '20',
        state: 'submitted,evidence_received',
        benefit: 'new-style-jsa',
        submittedBefore: '2026-11-24T09:00:00.000Z',
      });
      assert.match(res.body, /name="state" type="checkbox" value="submitted" checked/);
      const tags = [
        ...res.body.matchAll(
          /class="moj-filter__tag"[^>]*><span class="govuk-visually-hidden">Remove this filter<\/span> ([^<]*)</g,
        ),
      ].map((m) => m[1]);
      assert.deepEqual(tags, [
        'Sent',
        'Evidence received',
        'New style Jobseeker&#39;s Allowance',
        'More than 7 days ago',
      ]);
      assert.match(
        res.body,
        /href="\/caseworker\?state=evidence_received&amp;benefit=new-style-jsa&amp;olderThanDays=7"><span class="govuk-visually-hidden">Remove this filter<\/span> Sent/,
      );
    });

    it('says what is wrong with an age that is not a number of days, and lists claims without it', async () => {
      await web.signIn(caseworker);
      const res = await web.get('/caseworker?olderThanDays=fortnight');
      assert.equal(res.status, 400);
      assert.match(titleOf(res.body) ?? '', /^Error: Work queue/);
      assert.match(res.body, /href="#olderThanDays">Number of days must be a whole number, like 14/);
      assert.match(res.body, /value="fortnight"/);
      assert.doesNotMatch(web.gateway.calls('GET', '/claims/claims').at(-1)!.path, /submittedBefore/);
    });

    it("pages with GOV.UK pagination: Next carries claims-api's cursor, Previous goes back", async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', /\/claims\/claims\?.*/, {
        status: 200,
        body: { items: [claim()], nextCursor: 'eyJpZCI6Im5leHQifQ' },
      });
      const first = await web.get('/caseworker?benefit=universal-credit');
      assert.match(
        first.body,
        /class="govuk-pagination__next"[\s\S]*?href="\/caseworker\?benefit=universal-credit&amp;cursor=eyJpZCI6Im5leHQifQ&amp;back=-"/,
      );
      assert.doesNotMatch(first.body, /govuk-pagination__prev/);
      web.gateway.on('GET', /\/claims\/claims\?.*/, { status: 200, body: { items: [claim()] } });
      const second = await web.get('/caseworker?benefit=universal-credit&cursor=eyJpZCI6Im5leHQifQ&back=-');
      assert.match(web.gateway.calls('GET', '/claims/claims').at(-1)!.path, /cursor=eyJpZCI6Im5leHQifQ/);
      assert.match(second.body, /class="govuk-pagination__prev"[\s\S]*?href="\/caseworker\?benefit=universal-credit"/);
      assert.doesNotMatch(second.body, /govuk-pagination__next/);
    });

    it('answers a made-up cursor claims-api refuses with the GOV.UK 400 page', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', /\/claims\/claims\?.*cursor=.*/, problem(400, 'DATA_ERR_BAD_CURSOR'));
      const res = await web.get('/caseworker?cursor=bm90LWEtY3Vyc29y');
      assert.equal(res.status, 400);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
    });

    it('says so when no claim matches', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', /\/claims\/claims\?.*/, { status: 200, body: { items: [] } });
      const res = await web.get('/caseworker?state=withdrawn');
      assert.equal(textOf(res.body, '#no-claims'), 'No claims match these filters.');
    });

    it('shows the GOV.UK problem page, not the answer, when claims-api answers something else', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', /\/claims\/claims\?.*/, { status: 200, body: { items: [{ id: 'not-a-claim' }] } });
      const res = await web.get('/caseworker');
      assert.equal(res.status, 502);
      assert.doesNotMatch(res.body, /not-a-claim/);
    });
  });

  describe('a claim', () => {
    it("shows the claimant's verified identity, profile with UPRN, answers, checklist and the allowed actions", async () => {
      await web.signIn(caseworker);
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}`);
      assert.equal(res.status, 200);
      assert.equal(
        titleOf(res.body),
        `Overview – Claim ${CLAIM_ID.slice(-8).toUpperCase()} – Apply for Universal Credit, new style JSA or ESA – GOV.UK`,
      );
      assert.match(res.body, /class="moj-sub-navigation"/);
      assert.match(res.body, /aria-current="page" href="\/caseworker\/claims\/[^"]+">Overview/);
      assert.match(textOf(res.body, '#verified-identity') ?? '', /Medium \(P2\).*20 November 2026/);
      assert.match(
        textOf(res.body, '#claimant-profile') ?? '',
        /Amanda Jones.*1 April 1990.*QQ123456C.*10 Downing Street London SW1A 2AA.*100023336956/,
      );
      assert.match(textOf(res.body, '#claim-answers') ?? '', /Lives alone Yes.*Monthly rent pence £650\.00/);
      assert.match(res.body, /name="items" type="checkbox" value="income-checked" checked/);
      assert.match(res.body, /name="items" type="checkbox" value="capital-checked">/);
      for (const page of ['request-evidence', 'award', 'refuse'])
        assert.match(res.body, new RegExp(`href="/caseworker/claims/${CLAIM_ID}/${page}"`));
      assert.doesNotMatch(res.body, /start-assessment/, 'only the steps claims-api allows now');
    });

    it('says the claimant has no profile yet rather than failing', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/citizen/users/${citizen.sub}`, problem(404, 'CITIZEN_ERR_NOT_FOUND'));
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}`);
      assert.equal(res.status, 200);
      assert.equal(textOf(res.body, '#no-profile'), 'The claimant has not given their details yet.');
    });

    it('answers a claim that does not exist, or a malformed id, with the GOV.UK 404 page', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, problem(404, 'CLAIMS_ERR_NOT_FOUND'));
      assert.equal((await web.get(`/caseworker/claims/${CLAIM_ID}`)).status, 404);
      const before = web.gateway.requests.length;
      assert.equal((await web.get('/caseworker/claims/not-a-uuid/history')).status, 404);
      assert.equal(web.gateway.requests.length, before, 'nothing is asked for a malformed id');
    });

    it('saves only the checklist items that changed', async () => {
      await web.signIn(caseworker);
      web.gateway.on('PUT', /\/claims\/claims\/[^/]+\/checklist\/[a-z-]+/, (req) => ({
        status: 200,
        body: { item: req.path.split('/').at(-1), checked: true, checkedBy: caseworker.sub, checkedAt: AT },
      }));
      await web.get(`/caseworker/claims/${CLAIM_ID}`);
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/checklist`, { items: 'capital-checked' });
      assert.equal(res.status, 303);
      assert.equal(res.location, `/caseworker/claims/${CLAIM_ID}?done=checklist#checklist`);
      const puts = web.gateway.requests
        .filter((r) => r.method === 'PUT')
        .map((r) => [r.path.split('/').at(-1), r.body]);
      assert.deepEqual(puts, [
        ['income-checked', { checked: false }],
        ['capital-checked', { checked: true }],
      ]);
      const after = await web.get(res.location.split('#')[0]!);
      assert.match(textOf(after.body, '.govuk-notification-banner__heading') ?? '', /Checklist saved/);
    });

    it('lists the evidence with a download link through the frontend', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence?limit=100`, {
        status: 200,
        body: {
          items: [
            {
              id: EVIDENCE_ID,
              contentType: 'application/pdf',
              sizeBytes: 2048,
              sha256: 'ab',
              fileName: 'payslip.pdf',
              uploadedAt: AT,
            },
          ],
        },
      });
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}/evidence`);
      assert.equal(res.status, 200);
      assert.match(
        res.body,
        new RegExp(
          `href="/caseworker/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download" download>Download<span class="govuk-visually-hidden"> payslip.pdf`,
        ),
      );
      assert.match(res.body, /2 KB/);
    });

    it('adds a note once however often the form is sent, and says what to fix when it is empty', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/notes?limit=100`, {
        status: 200,
        body: {
          items: [{ id: EVIDENCE_ID, authorSub: caseworker.sub, body: 'Rang the claimant\nNo answer', createdAt: AT }],
        },
      });
      web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/notes`, {
        status: 201,
        body: { id: EVIDENCE_ID, authorSub: caseworker.sub, body: 'Checked', createdAt: AT },
      });
      const page = await web.get(`/caseworker/claims/${CLAIM_ID}/notes`);
      assert.match(page.body, /Rang the claimant<br>No answer/);
      const key = /name="idempotencyKey" value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(key);
      const empty = await web.post(`/caseworker/claims/${CLAIM_ID}/notes`, { note: '  ', idempotencyKey: key });
      assert.equal(empty.status, 400);
      assert.match(empty.body, /href="#note">Enter a note/);
      const added = await web.post(`/caseworker/claims/${CLAIM_ID}/notes`, { note: 'Checked', idempotencyKey: key });
      assert.deepEqual([added.status, added.location], [303, `/caseworker/claims/${CLAIM_ID}/notes?done=note`]);
      const sent = web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/notes`);
      assert.deepEqual(
        [sent.length, sent[0]!.body, sent[0]!.headers['idempotency-key']],
        [1, { body: 'Checked' }, key],
      );
    });

    it('shows the audit history newest first as a timeline, with who did each step', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/history?limit=100`, {
        status: 200,
        body: {
          items: [
            {
              at: '2026-11-19T09:00:00.000Z',
              step: 'You started a claim',
              event: 'create',
              from: null,
              to: 'draft',
              by: 'citizen',
              reason: null,
              actorSub: citizen.sub,
            },
            {
              at: AT,
              step: 'We asked you for evidence',
              event: 'request_evidence',
              from: 'submitted',
              to: 'evidence_requested',
              by: 'caseworker',
              reason: 'Send payslips',
              actorSub: caseworker.sub,
            },
          ],
        },
      });
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}/history`);
      assert.equal(res.status, 200);
      assert.match(res.body, /class="moj-timeline"/);
      const titles = [...res.body.matchAll(/class="moj-timeline__title">([^<]*)</g)].map((m) => m[1]);
      assert.deepEqual(titles, ['Evidence requested', 'Claim started']);
      assert.match(res.body, /By caseworker sub-carol/);
      assert.match(res.body, /Reason: Send payslips/);
      assert.match(
        res.body,
        /<time datetime="2026-11-20T10:15:00.000Z">20 November 2026 at 10:15[\s\u202f]?am<\/time>/,
      );
    });
  });

  describe("the workflow's actions", () => {
    it('awards in pence with the reasons, then says so on the claim', async () => {
      await web.signIn(caseworker);
      web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/decision`, {
        status: 200,
        body: claim({ state: 'awarded', nextSteps: [] }),
      });
      const form = await web.get(`/caseworker/claims/${CLAIM_ID}/award`);
      assert.equal(form.status, 200);
      assert.match(form.body, /class="govuk-input__prefix"[^>]*>£</);
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/award`, {
        amount: '£400.14',
        reasons: 'Meets the conditions\nLives alone',
      });
      assert.deepEqual([res.status, res.location], [303, `/caseworker/claims/${CLAIM_ID}?done=award`]);
      assert.deepEqual(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/decision`)[0]!.body, {
        outcome: 'awarded',
        reasons: ['Meets the conditions', 'Lives alone'],
        monthlyAmountPence: 40014,
      });
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, {
        status: 200,
        body: claim({
          state: 'awarded',
          nextSteps: [],
          decision: { outcome: 'awarded', reasons: ['Meets the conditions'], monthlyAmountPence: 40014 },
          decidedAt: AT,
        }),
      });
      const shown = await web.get(res.location!);
      assert.match(textOf(shown.body, '.govuk-notification-banner__heading') ?? '', /Claim awarded/);
      assert.match(shown.body, /£400\.14/);
    });

    // amount | reasons | the error summary
    const bad: Array<[string, string, string]> = [
      ['', '', 'Enter the monthly amount Enter the reasons for the award'],
      ['400.123', 'ok', 'Monthly amount must be an amount of money, like 400 or 400.14'],
      ['0', 'ok', 'Monthly amount must be more than £0'],
      ['20000', 'ok', 'Monthly amount must be £10,000 or less'],
    ];
    for (const [amount, reasons, summary] of bad) {
      it(`keeps an award of "${amount}" with reasons "${reasons}" on the page with "${summary}"`, async () => {
        await web.signIn(caseworker);
        await web.get(`/caseworker/claims/${CLAIM_ID}/award`);
        const res = await web.post(`/caseworker/claims/${CLAIM_ID}/award`, { amount, reasons });
        assert.equal(res.status, 400);
        assert.equal(textOf(res.body, '.govuk-error-summary__list'), summary);
        assert.match(
          res.body,
          new RegExp(`name="amount" type="text"[^>]*value="${amount.replace('.', '\\.')}"`),
          'what was typed stays',
        );
        assert.equal(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/decision`).length, 0);
      });
    }

    it("refuses with the ticked reasons in words and any of the caseworker's own, and needs at least one", async () => {
      await web.signIn(caseworker);
      web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/decision`, {
        status: 200,
        body: claim({ state: 'refused', nextSteps: [] }),
      });
      await web.get(`/caseworker/claims/${CLAIM_ID}/refuse`);
      const none = await web.post(`/caseworker/claims/${CLAIM_ID}/refuse`, { otherReason: '' });
      assert.equal(none.status, 400);
      assert.match(none.body, /href="#reasons">Select at least one reason for refusing the claim, or enter your own/);
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/refuse`, {
        reasons: 'capital',
        otherReason: 'Owns a second home',
      });
      assert.deepEqual([res.status, res.location], [303, `/caseworker/claims/${CLAIM_ID}?done=refuse`]);
      assert.deepEqual(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/decision`).at(-1)!.body, {
        outcome: 'refused',
        reasons: ["The claimant's savings and capital are over the limit", 'Owns a second home'],
      });
    });

    it('asks for evidence with the reason, and needs one', async () => {
      await web.signIn(caseworker);
      web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/evidence-request`, {
        status: 200,
        body: claim({ state: 'evidence_requested', nextSteps: [] }),
      });
      await web.get(`/caseworker/claims/${CLAIM_ID}/request-evidence`);
      const empty = await web.post(`/caseworker/claims/${CLAIM_ID}/request-evidence`, { reason: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.body, /Enter what evidence the claimant must send/);
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/request-evidence`, {
        reason: 'Your last two payslips',
      });
      assert.equal(res.location, `/caseworker/claims/${CLAIM_ID}?done=requestEvidence`);
      assert.deepEqual(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/evidence-request`)[0]!.body, {
        reason: 'Your last two payslips',
      });
    });

    it("turns claims-api's 409 illegal transition into an error summary that says why, keeping what was typed", async () => {
      await web.signIn(caseworker);
      await web.get(`/caseworker/claims/${CLAIM_ID}/award`);
      web.gateway.on(
        'POST',
        `/claims/claims/${CLAIM_ID}/decision`,
        problem(409, 'CLAIMS_ERR_ILLEGAL_TRANSITION', 'A claim that is withdrawn cannot award'),
      );
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, {
        status: 200,
        body: claim({ state: 'withdrawn', nextSteps: [] }),
      });
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/award`, {
        amount: '400',
        reasons: 'Meets the conditions',
      });
      assert.equal(res.status, 409);
      assert.equal(
        textOf(res.body, '.govuk-error-summary__list'),
        'You cannot award this claim now: the claim&#39;s state is ‘Withdrawn’. Go back to the claim to see what you can do',
      );
      assert.match(
        res.body,
        new RegExp(`govuk-error-summary__list">\\s*<li>\\s*<a href="/caseworker/claims/${CLAIM_ID}">`),
      );
    });

    it('offers no form for a step claims-api does not allow now', async () => {
      await web.signIn(caseworker);
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}/start-assessment`);
      assert.equal(res.status, 409);
      assert.match(
        textOf(res.body, '.govuk-error-summary__list') ?? '',
        /You cannot start the assessment now: the claim&#39;s state is ‘Being assessed’/,
      );
      assert.doesNotMatch(res.body, /action="\/caseworker\/claims\/[^"]+\/start-assessment"/);
    });

    it('starts the assessment from its confirmation page', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, {
        status: 200,
        body: claim({ state: 'submitted', nextSteps: ['request_evidence', 'start_assessment'] }),
      });
      web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/assessment`, { status: 200, body: claim() });
      const page = await web.get(`/caseworker/claims/${CLAIM_ID}/start-assessment`);
      assert.equal(page.status, 200);
      assert.equal(textOf(page.body, '.govuk-heading-l'), 'Start assessing this claim');
      const res = await web.post(`/caseworker/claims/${CLAIM_ID}/start-assessment`, {});
      assert.equal(res.location, `/caseworker/claims/${CLAIM_ID}?done=startAssessment`);
    });

    it('shows every page of the console in Welsh too', async () => {
      await web.signIn(caseworker);
      const queue = await web.get('/caseworker?state=submitted&lang=cy');
      assert.match(titleOf(queue.body) ?? '', /^Ciw gwaith/);
      assert.match(
        queue.body,
        /<span class="govuk-visually-hidden">Tynnu&#39;r hidlydd hwn<\/span> Wedi&#39;i anfon/,
        'no English hidden in a Welsh page',
      );
      assert.match(queue.body, /data-status-message="Trefnu yn ôl %heading% \(%direction%\)"/);
      const award = await web.get(`/caseworker/claims/${CLAIM_ID}/award?lang=cy`);
      assert.match(award.body, /Dyfarnu&#39;r hawliad/);
    });
  });

  describe('downloading evidence', () => {
    let store: Server;
    let storeUrl: string;
    before(async () => {
      store = createServer((req, res) => {
        if (req.url?.startsWith('/documents/payslip'))
          res.writeHead(200, { 'content-type': 'binary/octet-stream', 'content-length': '9' }).end('%PDF-1.7\n');
        else res.writeHead(403).end();
      });
      await new Promise<void>((r) => store.listen(0, '127.0.0.1', r));
      storeUrl = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
    });
    after(
      () =>
        new Promise<void>((r) =>
          store.close(() => {
            r();
          }),
        ),
    );

    beforeEach(() => {
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence?limit=100`, {
        status: 200,
        body: {
          items: [
            {
              id: EVIDENCE_ID,
              contentType: 'application/pdf',
              sizeBytes: 9,
              sha256: 'ab',
              fileName: 'Payslip – May.pdf',
              uploadedAt: AT,
            },
          ],
        },
      });
    });

    it('streams the document from its pre-signed URL with its type and name, never showing the URL', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`, {
        status: 200,
        body: { url: `${storeUrl}/documents/payslip?X-Amz-Signature=abc`, expiresAt: AT },
      });
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`);
      assert.equal(res.status, 200);
      assert.equal(res.body, '%PDF-1.7\n');
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(
        res.headers['content-disposition'],
        `attachment; filename="Payslip _ May.pdf"; filename*=UTF-8''Payslip%20%E2%80%93%20May.pdf`,
      );
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    });

    it('answers evidence that is not on the claim with the 404 page', async () => {
      await web.signIn(caseworker);
      const res = await web.get(
        `/caseworker/claims/${CLAIM_ID}/evidence/019ad7c2-4000-7a10-8c1e-000000000099/download`,
      );
      assert.equal(res.status, 404);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
    });

    it('shows the problem page when the document store refuses the URL', async () => {
      await web.signIn(caseworker);
      web.gateway.on('GET', `/claims/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`, {
        status: 200,
        body: { url: `${storeUrl}/expired`, expiresAt: AT },
      });
      const res = await web.get(`/caseworker/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download`);
      assert.equal(res.status, 502);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
    });
  });
});
