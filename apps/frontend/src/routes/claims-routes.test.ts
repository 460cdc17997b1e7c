import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const CLAIM_ID = '0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8a9b';
const OTHER_ID = '0193a5b2-7c1e-7d3f-9a2b-000000000000';
const EVIDENCE_ID = '0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f0001';

export function claimOf(over: Record<string, unknown> = {}) {
  return {
    id: CLAIM_ID,
    citizenSub: citizen.sub,
    benefit: 'universal-credit',
    state: 'submitted',
    status: 'We have your claim. A caseworker will look at it soon.',
    answers: {},
    decision: null,
    nextSteps: ['withdraw'],
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    submittedAt: '2026-03-02T10:00:00.000Z',
    decidedAt: null,
    ...over,
  };
}

const history = (...entries: Array<Record<string, unknown>>) => ({
  items: entries.map((e) => ({ from: null, to: 'submitted', by: 'citizen', reason: null, step: '', ...e })),
});
const notFound = {
  status: 404,
  body: { error: { code: 'CLAIMS_ERR_NOT_FOUND', message: 'There is no claim you can see' } },
};

/** The gateway as claims-api answers for one claim. */
function answerClaim(
  web: WebAppUnderTest,
  claim: Record<string, unknown>,
  events = history({ at: '2026-03-01T10:00:00.000Z', event: 'create', to: 'draft' }),
  evidence: unknown[] = [],
) {
  web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, { status: 200, body: claim });
  web.gateway.on('GET', new RegExp(`/claims/claims/${CLAIM_ID}/history\\?.*`), { status: 200, body: events });
  web.gateway.on('GET', new RegExp(`/claims/claims/${CLAIM_ID}/evidence\\?.*`), {
    status: 200,
    body: { items: evidence },
  });
}

describe('your claims pages', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    await web.signIn(citizen);
  });

  it('sends a signed-out visitor to sign in and back to their claims', async () => {
    const anon = await WebAppUnderTest.start();
    try {
      const res = await anon.get('/claims');
      assert.deepEqual([res.status, res.location], [303, '/sign-in?required=1&returnTo=%2Fclaims']);
    } finally {
      await anon.close();
    }
  });

  it("lists the citizen's claims newest first with benefit, short and full reference, a coloured status tag and dates", async () => {
    web.gateway.on('GET', /\/claims\/claims\?limit=100/, {
      status: 200,
      body: {
        items: [
          claimOf({
            id: OTHER_ID,
            benefit: 'new-style-jsa',
            state: 'awarded',
            createdAt: '2026-01-01T10:00:00.000Z',
            decidedAt: '2026-02-01T10:00:00.000Z',
            nextSteps: ['request_reconsideration'],
          }),
          claimOf(),
        ],
      },
    });
    const res = await web.get('/claims');
    assert.equal(res.status, 200);
    assert.equal(titleOf(res.body), 'Your claims – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    const cards = [...res.body.matchAll(/<h2 class="govuk-summary-card__title">\s*([^<]+?)\s*<\/h2>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(cards, ['Universal Credit', 'New Style Jobseeker&#39;s Allowance']);
    assert.match(res.body, /<span class="app-claim-reference">6E7F8A9B<\/span>/);
    assert.match(res.body, new RegExp(`<span class="app-claim-id">${CLAIM_ID}</span>`));
    assert.match(res.body, /<strong class="govuk-tag govuk-tag--blue">\s*Sent\s*<\/strong>/);
    assert.match(res.body, /<strong class="govuk-tag govuk-tag--green">\s*Accepted\s*<\/strong>/);
    assert.match(res.body, /2 March 2026/);
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}"`));
    assert.equal(
      web.gateway.calls('GET', '/claims/claims')[0]?.headers.authorization,
      `Bearer token-of-${citizen.sub}`,
    );
  });

  it('says there are no claims yet and links to apply', async () => {
    web.gateway.on('GET', /\/claims\/claims\?limit=100/, { status: 200, body: { items: [] } });
    const res = await web.get('/claims');
    assert.equal(res.status, 200);
    assert.match(res.body, /You have not made any claims yet/);
    assert.match(res.body, /href="\/apply"[^>]*>\s*Apply for a benefit/);
  });

  it("follows claims-api's pages until the last", async () => {
    web.gateway.on('GET', '/claims/claims?limit=100', { status: 200, body: { items: [claimOf()], nextCursor: 'c1' } });
    web.gateway.on('GET', '/claims/claims?limit=100&cursor=c1', {
      status: 200,
      body: { items: [claimOf({ id: OTHER_ID })] },
    });
    const res = await web.get('/claims');
    assert.equal([...res.body.matchAll(/<h2 class="govuk-summary-card__title">/g)].length, 2);
  });

  it("shows a submitted claim's status, what happens next, its history in plain words and its documents", async () => {
    answerClaim(
      web,
      claimOf(),
      history(
        { at: '2026-03-01T10:00:00.000Z', event: 'create', to: 'draft' },
        { at: '2026-03-02T10:00:00.000Z', event: 'submit', from: 'draft', to: 'submitted' },
      ),
      [
        {
          id: EVIDENCE_ID,
          contentType: 'application/pdf',
          sizeBytes: 2_500_000,
          sha256: 'x',
          fileName: 'tenancy.pdf',
          uploadedAt: '2026-03-02T11:00:00.000Z',
        },
      ],
    );
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.equal(res.status, 200);
    assert.equal(
      titleOf(res.body),
      'Your Universal Credit claim – Apply for Universal Credit, new style JSA or ESA – GOV.UK',
    );
    assert.match(textOf(res.body, '.app-claim-status') ?? '', /We have your claim/);
    assert.match(textOf(res.body, '.app-what-next') ?? '', /A caseworker will check your claim/);
    const historyText = textOf(res.body, '.app-claim-history') ?? '';
    assert.ok(historyText.indexOf('You sent the claim') < historyText.indexOf('You started the claim'), 'newest first');
    assert.match(historyText, /^2 March 2026 at 10:00 am You sent the claim By you 1 March 2026/);
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}/evidence/${EVIDENCE_ID}/download"`));
    assert.match(res.body, /tenancy\.pdf/);
    assert.match(res.body, /2\.4MB/);
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}/withdraw"`));
    assert.doesNotMatch(res.body, /reconsideration/);
  });

  it("shows an evidence request with the caseworker's reason and a button to upload", async () => {
    answerClaim(
      web,
      claimOf({ state: 'evidence_requested', nextSteps: ['provide_evidence', 'withdraw'] }),
      history({
        at: '2026-03-03T10:00:00.000Z',
        event: 'request_evidence',
        by: 'caseworker',
        from: 'submitted',
        to: 'evidence_requested',
        reason: 'Send your <b>tenancy</b> agreement',
      }),
    );
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.match(res.body, /We need more information from you/);
    assert.match(res.body, /Send your &lt;b&gt;tenancy&lt;\/b&gt; agreement/, 'the reason is escaped');
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}/evidence"[^>]*>\\s*Upload a document`));
    assert.match(res.body, /By a DWP caseworker/);
  });

  it('shows an award with its monthly amount in pounds, its reasons and the right to ask for a reconsideration', async () => {
    answerClaim(
      web,
      claimOf({
        state: 'awarded',
        decision: { outcome: 'awarded', reasons: ['You meet the conditions'], monthlyAmountPence: 123456 },
        decidedAt: '2026-04-01T09:00:00.000Z',
        nextSteps: ['request_reconsideration'],
      }),
    );
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.equal(textOf(res.body, '.app-monthly-amount'), '£1,234.56');
    assert.match(textOf(res.body, '.app-decision-reasons') ?? '', /You meet the conditions/);
    assert.match(res.body, new RegExp(`href="/claims/${CLAIM_ID}/reconsideration"`));
    assert.doesNotMatch(res.body, new RegExp(`/claims/${CLAIM_ID}/withdraw`));
    assert.doesNotMatch(res.body, /Send or view documents/, 'a decided claim takes no more documents');
  });

  it('shows a refusal with its reasons', async () => {
    answerClaim(
      web,
      claimOf({
        state: 'refused',
        decision: { outcome: 'refused', reasons: ['Your savings are over £16,000'] },
        decidedAt: '2026-04-01T09:00:00.000Z',
        nextSteps: ['request_reconsideration'],
      }),
    );
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.match(res.body, /We did not accept your claim/);
    assert.match(textOf(res.body, '.app-decision-reasons') ?? '', /Your savings are over £16,000/);
    assert.match(res.body, /<strong class="govuk-tag govuk-tag--red">\s*Not accepted/);
  });

  it("links a draft to its application's task list", async () => {
    answerClaim(web, claimOf({ state: 'draft', submittedAt: null, nextSteps: ['submit', 'withdraw'] }));
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.match(res.body, new RegExp(`href="/apply/${CLAIM_ID}"[^>]*>\\s*Continue your application`));
  });

  it('shows "Page not found" for another citizen\'s claim, or an id that names no claim', async () => {
    web.gateway.on('GET', new RegExp(`/claims/claims/${OTHER_ID}.*`), notFound);
    const other = await web.get(`/claims/${OTHER_ID}`);
    assert.equal(other.status, 404);
    assert.match(other.headers['content-type'] as string, /^text\/html/);
    assert.match(other.body, /Page not found/);
    const before = web.gateway.requests.length;
    const junk = await web.get('/claims/not-a-claim');
    assert.equal(junk.status, 404);
    assert.equal(web.gateway.requests.length, before, 'nothing is asked upstream for an id that cannot be one');
  });

  it('shows the "problem with the service" page, not the answer, when claims-api answers in a shape the page cannot use', async () => {
    web.gateway.on('GET', `/claims/claims/${CLAIM_ID}`, { status: 200, body: { ...claimOf(), state: 'lost' } });
    const res = await web.get(`/claims/${CLAIM_ID}`);
    assert.equal(res.status, 502);
    assert.match(res.body, /Sorry, there is a problem with the service/);
  });

  it('gives a caseworker the "You cannot access this page" page, not a citizen\'s claims', async () => {
    await web.signIn({ sub: 'sub-cw', username: 'cw', roles: ['caseworker' as const] });
    const res = await web.get('/claims');
    assert.equal(res.status, 403);
    assert.match(res.body, /You cannot access this page/);
  });

  it('shows the claim pages in Welsh', async () => {
    answerClaim(web, claimOf());
    const res = await web.get(`/claims/${CLAIM_ID}?lang=cy`);
    assert.match(res.body, /Eich hawliad am Gredyd Cynhwysol/);
    assert.match(res.body, /Beth sy&#39;n digwydd nesaf/);
    await web.get('/claims?lang=en');
  });
});

describe('withdrawing a claim', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    await web.signIn(citizen);
  });

  it('asks for confirmation, withdraws with an Idempotency-Key and shows a success banner once', async () => {
    answerClaim(web, claimOf());
    const confirm = await web.get(`/claims/${CLAIM_ID}/withdraw`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /Are you sure you want to withdraw your claim\?/);
    assert.match(confirm.body, /You cannot undo this/);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(confirm.body)?.[1];
    assert.ok(key);
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/withdraw`, {
      status: 200,
      body: claimOf({ state: 'withdrawn', nextSteps: [] }),
    });
    const done = await web.post(`/claims/${CLAIM_ID}/withdraw`, { idempotencyKey: key });
    assert.deepEqual([done.status, done.location], [303, `/claims/${CLAIM_ID}`]);
    assert.equal(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/withdraw`)[0]?.headers['idempotency-key'], key);
    answerClaim(web, claimOf({ state: 'withdrawn', nextSteps: [] }));
    const page = await web.get(`/claims/${CLAIM_ID}`);
    assert.match(page.body, /govuk-notification-banner--success/);
    assert.match(page.body, /You have withdrawn your claim/);
    const again = await web.get(`/claims/${CLAIM_ID}`);
    assert.doesNotMatch(again.body, /You have withdrawn your claim/, 'the banner shows once');
  });

  it('says so, and changes nothing, when the claim was decided meanwhile', async () => {
    answerClaim(web, claimOf({ state: 'awarded', nextSteps: ['request_reconsideration'] }));
    await web.get(`/claims/${CLAIM_ID}`);
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/withdraw`, {
      status: 409,
      body: { error: { code: 'CLAIMS_ERR_ILLEGAL_TRANSITION', message: 'A claim that is awarded cannot withdraw' } },
    });
    const res = await web.post(`/claims/${CLAIM_ID}/withdraw`, {});
    assert.equal(res.status, 409);
    assert.match(textOf(res.body, '.govuk-error-summary__list') ?? '', /You cannot withdraw this claim now/);
  });

  it('sends the citizen back to the claim when withdrawing is not offered', async () => {
    answerClaim(web, claimOf({ state: 'withdrawn', nextSteps: [] }));
    const res = await web.get(`/claims/${CLAIM_ID}/withdraw`);
    assert.deepEqual([res.status, res.location], [303, `/claims/${CLAIM_ID}`]);
  });

  it("refuses a withdrawal without the session's CSRF token, and sends nothing", async () => {
    const sent = web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/withdraw`).length;
    const res = await web.post(`/claims/${CLAIM_ID}/withdraw`, { _csrf: 'forged' });
    assert.equal(res.status, 403);
    assert.match(res.body, /This form has expired/);
    assert.equal(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/withdraw`).length, sent);
  });
});

describe('asking for a mandatory reconsideration', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    await web.signIn(citizen);
    answerClaim(
      web,
      claimOf({
        state: 'refused',
        decision: { outcome: 'refused', reasons: ['x'] },
        decidedAt: '2026-04-01T09:00:00.000Z',
        nextSteps: ['request_reconsideration'],
      }),
    );
  });

  it('asks why, with the question as the page heading', async () => {
    const res = await web.get(`/claims/${CLAIM_ID}/reconsideration`);
    assert.equal(res.status, 200);
    assert.match(
      res.body,
      /<h1 class="govuk-label-wrapper">\s*<label class="govuk-label govuk-label--l" for="reason">\s*Why do you think the decision is wrong\?/,
    );
  });

  it('needs a reason, in GOV.UK words, and keeps what was typed when it is too long', async () => {
    await web.get(`/claims/${CLAIM_ID}/reconsideration`);
    const empty = await web.post(`/claims/${CLAIM_ID}/reconsideration`, { reason: '   ' });
    assert.equal(empty.status, 400);
    assert.match(titleOf(empty.body) ?? '', /^Error: Why do you think/);
    assert.match(empty.body, /href="#reason">Enter why you think the decision is wrong/);
    const long = await web.post(`/claims/${CLAIM_ID}/reconsideration`, { reason: 'x'.repeat(2001) });
    assert.equal(long.status, 400);
    assert.match(long.body, /must be 2,000 characters or less/);
    assert.match(long.body, /x{2001}/);
    assert.equal(web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/reconsideration`).length, 0);
  });

  it('sends the reason to claims-api and shows the request on the claim', async () => {
    web.gateway.on('POST', `/claims/claims/${CLAIM_ID}/reconsideration`, {
      status: 200,
      body: claimOf({ state: 'mandatory_reconsideration', nextSteps: [] }),
    });
    await web.get(`/claims/${CLAIM_ID}/reconsideration`);
    const res = await web.post(`/claims/${CLAIM_ID}/reconsideration`, { reason: 'My savings are less than that' });
    assert.deepEqual([res.status, res.location], [303, `/claims/${CLAIM_ID}`]);
    const call = web.gateway.calls('POST', `/claims/claims/${CLAIM_ID}/reconsideration`).at(0);
    assert.deepEqual(call?.body, { reason: 'My savings are less than that' });
    assert.match(call.headers['idempotency-key'] ?? '', /^[A-Za-z0-9-]{8,128}$/);
    answerClaim(web, claimOf({ state: 'mandatory_reconsideration', nextSteps: [] }));
    const page = await web.get(`/claims/${CLAIM_ID}`);
    assert.match(page.body, /You have asked us to look at the decision again/);
    assert.match(page.body, /Being looked at again/);
  });
});
