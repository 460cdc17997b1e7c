import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';
import { LANGUAGE_COOKIE } from '../web/web-plugin.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const ESTIMATE_ID = '0190f5d2-3c4b-7a00-8000-0000000000e1';
const estimate = (over: Record<string, unknown> = {}) => ({
  id: ESTIMATE_ID,
  benefit: 'universal-credit',
  taxYear: '2025-26',
  eligible: true,
  reasons: [],
  monthlyAwardPence: 61_234,
  weeklyAwardPence: null,
  breakdown: {
    elements: [
      { label: 'Standard allowance (single, 25 or over)', pence: 40_014 },
      { label: 'Housing costs', pence: 50_000 },
    ],
    deductions: [{ label: 'Earnings: 55% of earnings above the work allowance', pence: 28_780 }],
    workAllowancePence: 41_100,
  },
  income: { source: 'declared', monthlyPence: 80_000, months: [] },
  ratesUsed: [],
  createdAt: '2026-12-01T09:00:00.000Z',
  ...over,
});

/** The text of each element matching `tag` (table cells, list items), tags dropped and entities read. */
const textsOf = (html: string, tag: 'td' | 'th' | 'li') =>
  [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim(),
  );

/** A breakdown as benefits-api answers it now: each line with its code (and params). */
const codedBreakdown = {
  elements: [
    {
      code: 'uc.standard-allowance.single-25-or-over',
      label: 'Standard allowance (single, 25 or over)',
      pence: 40_014,
    },
    { code: 'uc.child-element.other', label: 'Child element', pence: 29_281 },
    { code: 'uc.carer', label: 'Carer element', pence: 20_168 },
    { code: 'uc.housing-costs.rent', label: 'Housing costs (rent)', pence: 50_000 },
  ],
  deductions: [
    {
      code: 'uc.earnings-taper',
      params: { percent: 55 },
      label: 'Earnings: 55% of earnings above the work allowance',
      pence: 32_395,
    },
    {
      code: 'uc.savings-tariff',
      params: { thresholdPence: 600_000 },
      label: 'Assumed income from savings over 6,000 GBP',
      pence: 435,
    },
  ],
  workAllowancePence: 41_100,
};

/** A single adult of 30 claiming Universal Credit, no children, no health condition, not a carer: up to housing costs. */
const SINGLE_ADULT_UC: ReadonlyArray<[string, Record<string, string>, string]> = [
  ['benefit', { answer: 'universal-credit' }, '/estimate/age'],
  ['age', { answer: '30' }, '/estimate/partner'],
  ['partner', { answer: 'no' }, '/estimate/children'],
  ['children', { answer: '0' }, '/estimate/lcwra'],
  ['lcwra', { answer: 'no' }, '/estimate/carer'],
  ['carer', { answer: 'no' }, '/estimate/housing-costs'],
];

describe('Check what you could get', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());
  beforeEach(async () => {
    // Each test starts in English, whatever language the one before chose.
    web.setCookie(LANGUAGE_COOKIE, undefined);
    web.gateway.on('GET', '/citizen/citizens/me', { status: 200, body: { address: null, consents: {} } });
    web.gateway.on('POST', '/benefits/estimates', { status: 201, body: estimate() });
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, { status: 200, body: estimate() });
    await web.signIn(citizen);
  });

  /** Answers each page in turn, checking the journey goes where it should. */
  const walk = async (steps: ReadonlyArray<[string, Record<string, string>, string]>) => {
    for (const [question, fields, next] of steps) {
      const res = await web.post(`/estimate/${question}`, fields);
      assert.deepEqual([res.status, res.location], [303, next], `after ${question}`);
    }
  };

  it("starts with the choice of benefit, as the page's heading", async () => {
    const res = await web.get('/estimate');
    assert.equal(res.status, 200);
    assert.equal(
      titleOf(res.body),
      'Which benefit do you want to check? – Check what you could get – Apply for Universal Credit, new style JSA or ESA – GOV.UK',
    );
    assert.match(res.body, /<h1 class="govuk-fieldset__heading">\s*Which benefit do you want to check\?\s*<\/h1>/);
    assert.match(res.body, /action="\/estimate\/benefit"/);
  });

  it('asks a Universal Credit household one thing a page, then shows the estimate rate by rate', async () => {
    await web.get('/estimate');
    await walk([
      ...SINGLE_ADULT_UC,
      ['housing-costs', { answer: 'yes' }, '/estimate/monthly-earnings'],
      ['monthly-earnings', { answer: '£800' }, '/estimate/other-income'],
      ['other-income', { answer: '0' }, '/estimate/savings'],
      ['savings', { answer: '1,000' }, `/estimate/result/${ESTIMATE_ID}`],
    ]);
    const sent = web.gateway.calls('POST', '/benefits/estimates').at(-1)!;
    assert.deepEqual(sent.body, {
      benefit: 'universal-credit',
      household: {
        claimantAge: 30,
        children: [],
        lcwra: false,
        carer: false,
        housingCosts: true,
        childcareCostsPence: 0,
      },
      earnings: { source: 'declared', monthlyPence: 80_000 },
      otherIncomeMonthlyPence: 0,
      capitalPence: 100_000,
    });
    assert.match(sent.headers['idempotency-key'] ?? '', /^[0-9a-f]{64}$/);
    const result = await web.get(`/estimate/result/${ESTIMATE_ID}`);
    assert.equal(result.status, 200);
    assert.match(textOf(result.body, '.govuk-panel') ?? '', /You could get £612\.34 a month/);
    assert.match(result.body, /Standard allowance \(single, 25 or over\)[\s\S]*?£400\.14/);
    assert.match(result.body, /Earnings: 55% of earnings above the work allowance[\s\S]*?minus £287\.80/);
    assert.match(result.body, /rates for the 2025 to 2026 tax year/);
    assert.doesNotMatch(result.body, /from HM Revenue and Customs/);
  });

  it('offers HMRC income only to a citizen who consented, and says when it was used', async () => {
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: { address: null, consents: { hmrcIncome: { granted: true, at: '2026-11-01T00:00:00.000Z' } } },
    });
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({ income: { source: 'hmrc', monthlyPence: 95_000, months: ['2026-09', '2026-10', '2026-11'] } }),
    });
    await web.get('/estimate');
    await walk([
      ...SINGLE_ADULT_UC,
      ['housing-costs', { answer: 'no' }, '/estimate/earnings-source'],
      ['earnings-source', { answer: 'hmrc' }, '/estimate/other-income'],
      ['other-income', { answer: '0' }, '/estimate/savings'],
      ['savings', { answer: '0' }, `/estimate/result/${ESTIMATE_ID}`],
    ]);
    const sent = web.gateway.calls('POST', '/benefits/estimates').at(-1)!.body as { earnings: unknown };
    assert.deepEqual(sent.earnings, { source: 'hmrc' });
    const result = await web.get(`/estimate/result/${ESTIMATE_ID}`);
    assert.match(
      result.body,
      /We used your pay from HM Revenue and Customs \(HMRC\): £950\.00 a month on average over 3 months/,
    );
    // HMRC with no pay for the person: said so, not "£0.00 a month on average over 0 months".
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({ income: { source: 'hmrc', monthlyPence: 0, months: [] } }),
    });
    const none = await web.get(`/estimate/result/${ESTIMATE_ID}`);
    assert.match(none.body, /HMRC\) has no pay for you in the last 2 years, so we counted none/);
    assert.doesNotMatch(none.body, /over 0 months/);
  });

  it('asks for pay after all when benefits-api cannot ask HMRC', async () => {
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: { address: null, consents: { hmrcIncome: { granted: true, at: '2026-11-01T00:00:00.000Z' } } },
    });
    web.gateway.on('POST', '/benefits/estimates', {
      status: 409,
      body: { error: { code: 'BENEFITS_ERR_HMRC_CONSENT_REQUIRED', message: 'consent' } },
    });
    await web.get('/estimate');
    await walk([
      ['benefit', { answer: 'new-style-jsa' }, '/estimate/age'],
      ...SINGLE_ADULT_UC,
      ['housing-costs', { answer: 'no' }, '/estimate/earnings-source'],
      ['earnings-source', { answer: 'hmrc' }, '/estimate/other-income'],
      ['other-income', { answer: '0' }, '/estimate/savings'],
      ['savings', { answer: '0' }, '/estimate/monthly-earnings'],
    ]);
    web.gateway.on('POST', '/benefits/estimates', { status: 201, body: estimate() });
    await walk([['monthly-earnings', { answer: '650' }, `/estimate/result/${ESTIMATE_ID}`]]);
    const sent = web.gateway.calls('POST', '/benefits/estimates').at(-1)!.body as { earnings: unknown };
    assert.deepEqual(sent.earnings, { source: 'declared', monthlyPence: 65_000 });
  });

  it('says the service is unavailable, not broken, when HMRC is down or answers with something unusable', async () => {
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: { address: null, consents: { hmrcIncome: { granted: true, at: '2026-11-01T00:00:00.000Z' } } },
    });
    const answers: Array<[string, Record<string, string>, string]> = [
      ...SINGLE_ADULT_UC,
      ['housing-costs', { answer: 'no' }, '/estimate/earnings-source'],
      ['earnings-source', { answer: 'hmrc' }, '/estimate/other-income'],
      ['other-income', { answer: '0' }, '/estimate/savings'],
    ];
    await web.get('/estimate');
    await walk(answers);
    for (const [status, code] of [
      [503, 'BENEFITS_ERR_HMRC_UNAVAILABLE'],
      [502, 'BENEFITS_ERR_HMRC_BAD_ANSWER'],
    ] as const) {
      web.gateway.on('POST', '/benefits/estimates', { status, body: { error: { code, message: 'hmrc' } } });
      const res = await web.post('/estimate/savings', { answer: '0' });
      assert.equal(res.status, 503, code);
      assert.match(res.body, /Sorry, the service is unavailable/);
    }
    web.gateway.on('POST', '/benefits/estimates', {
      status: 502,
      body: { error: { code: 'SVC_ERR_BAD_ANSWER', message: 'citizen-api' } },
    });
    const broken = await web.post('/estimate/savings', { answer: '0' });
    assert.equal(broken.status, 502);
  });

  it('goes straight back to the estimate after a changed answer that opens no new question', async () => {
    await web.get('/estimate');
    await walk([
      ['benefit', { answer: 'new-style-esa' }, '/estimate/age'],
      ['age', { answer: '40' }, '/estimate/contributions'],
      ['contributions', { answer: 'yes' }, '/estimate/health-limits-work'],
      ['health-limits-work', { answer: 'yes' }, '/estimate/esa-phase'],
      ['esa-phase', { answer: 'support' }, `/estimate/result/${ESTIMATE_ID}`],
      ['age', { answer: '41' }, `/estimate/result/${ESTIMATE_ID}`],
    ]);
  });

  it('shows a weekly amount for new style JSA', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({
        benefit: 'new-style-jsa',
        monthlyAwardPence: 40_000,
        weeklyAwardPence: 9_205,
        breakdown: {
          elements: [{ label: 'Personal allowance (25 or over)', pence: 9_205 }],
          deductions: [],
          workAllowancePence: null,
        },
      }),
    });
    await web.get('/estimate');
    await walk([
      ['benefit', { answer: 'new-style-jsa' }, '/estimate/age'],
      ['age', { answer: '40' }, '/estimate/contributions'],
      ['contributions', { answer: 'yes' }, '/estimate/hours-worked'],
      ['hours-worked', { answer: '0' }, '/estimate/weekly-earnings'],
      ['weekly-earnings', { answer: '0' }, `/estimate/result/${ESTIMATE_ID}`],
    ]);
    const result = await web.get(`/estimate/result/${ESTIMATE_ID}`);
    assert.match(textOf(result.body, '.govuk-panel') ?? '', /£92\.05 a week/);
  });

  it('says why someone is unlikely to get a benefit', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({ eligible: false, reasons: ['Your savings are over 16,000 GBP'], monthlyAwardPence: null }),
    });
    const result = await web.get(`/estimate/result/${ESTIMATE_ID}`);
    assert.equal(result.status, 200);
    assert.match(result.body, /You&#39;re unlikely to get Universal Credit/);
    assert.match(result.body, /Your savings are over 16,000 GBP/);
    assert.doesNotMatch(result.body, /govuk-panel/);
  });

  it('words each coded line from the catalogue, in Welsh after ?lang=cy, and an unknown code by its label', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({ breakdown: codedBreakdown }),
    });
    const cy = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=cy`);
    assert.equal(cy.status, 200);
    const cells = textsOf(cy.body, 'td');
    for (const words of [
      "Lwfans safonol (sengl, 25 oed neu'n hŷn)",
      'Elfen plentyn',
      'Elfen gofalwr',
      "Enillion: 55% o'r enillion uwchlaw'r lwfans gwaith",
      'Incwm tybiedig o gynilion dros £6,000',
    ])
      assert.ok(cells.includes(words), `${words} in ${cells.join(' | ')}`);
    // benefits-api knows a line this catalogue does not: its English label, rather than nothing.
    assert.ok(cells.includes('Housing costs (rent)'));
    assert.doesNotMatch(cy.body, /Standard allowance|Carer element|of earnings above/);
    assert.match(cy.body, /Credyd Cynhwysol/);

    const en = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=en`);
    const enCells = textsOf(en.body, 'td');
    for (const words of [
      'Standard allowance (single, 25 or over)',
      'Earnings: 55% of earnings above the work allowance',
      'Assumed income from savings over £6,000',
      'Housing costs (rent)',
    ])
      assert.ok(enCells.includes(words), `${words} in ${enCells.join(' | ')}`);
  });

  it('words the line of new style JSA in Welsh', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({
        benefit: 'new-style-jsa',
        monthlyAwardPence: 31_590,
        weeklyAwardPence: 7_290,
        breakdown: {
          elements: [{ code: 'jsa.personal.under-25', label: 'Personal rate, under 25', pence: 7_290 }],
          deductions: [],
          workAllowancePence: null,
        },
      }),
    });
    const cy = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=cy`);
    assert.ok(textsOf(cy.body, 'td').includes('Cyfradd bersonol, o dan 25 oed'));
    assert.match(cy.body, /Lwfans Ceisio Gwaith dull newydd/);
    assert.match(textOf(cy.body, '.govuk-panel') ?? '', /£72\.90 yr wythnos/);
  });

  it('gives the reasons in Welsh from their codes, with their values, and the English for a code it does not know', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({
        benefit: 'new-style-jsa',
        eligible: false,
        monthlyAwardPence: null,
        reasons: [
          'You must be 18 or over',
          'You must work fewer than 16 hours a week',
          'You live outside Great Britain',
        ],
        reasonCodes: [
          { code: 'new-style.under-18' },
          { code: 'jsa.hours-limit', params: { hours: 16 } },
          { code: 'jsa.outside-great-britain' },
        ],
        breakdown: { elements: [], deductions: [], workAllowancePence: null },
      }),
    });
    const cy = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=cy`);
    assert.equal(cy.status, 200);
    assert.match(cy.body, /Rydych yn annhebygol o gael Lwfans Ceisio Gwaith dull newydd/);
    const items = textsOf(cy.body, 'li');
    for (const words of [
      "Rhaid i chi fod yn 18 oed neu'n hŷn",
      'Rhaid i chi weithio llai na 16 awr yr wythnos',
      'You live outside Great Britain',
    ])
      assert.ok(items.includes(words), `${words} in ${items.join(' | ')}`);
    assert.doesNotMatch(cy.body, /You must/);

    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({
        eligible: false,
        monthlyAwardPence: null,
        reasons: ['Your savings and capital are over 16,000 GBP'],
        reasonCodes: [{ code: 'uc.capital-over-limit', params: { limitPence: 1_600_000 } }],
        breakdown: { elements: [], deductions: [], workAllowancePence: null },
      }),
    });
    const savings = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=cy`);
    assert.ok(textsOf(savings.body, 'li').includes("Mae eich cynilion a'ch cyfalaf dros £16,000"));
    const english = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=en`);
    assert.ok(textsOf(english.body, 'li').includes('Your savings and capital are over £16,000'));
  });

  it('shows the English benefits-api sent when its codes do not line up with the reasons', async () => {
    web.gateway.on('GET', `/benefits/estimates/${ESTIMATE_ID}`, {
      status: 200,
      body: estimate({
        eligible: false,
        monthlyAwardPence: null,
        reasons: ['You must usually be 18 or over to claim Universal Credit', 'Something else'],
        reasonCodes: [{ code: 'uc.under-18' }],
        breakdown: { elements: [], deductions: [], workAllowancePence: null },
      }),
    });
    const cy = await web.get(`/estimate/result/${ESTIMATE_ID}?lang=cy`);
    const items = textsOf(cy.body, 'li');
    assert.ok(items.includes('You must usually be 18 or over to claim Universal Credit'));
    assert.ok(items.includes('Something else'));
  });

  it('checks each answer with GOV.UK wording and keeps what was typed', async () => {
    await web.get('/estimate');
    await walk([['benefit', { answer: 'universal-credit' }, '/estimate/age']]);
    const age = await web.post('/estimate/age', { answer: '200' });
    assert.equal(age.status, 400);
    assert.equal(textOf(age.body, '.govuk-error-summary__list'), 'Your age must be between 16 and 130');
    assert.match(age.body, /value="200"/);
    await walk([
      ['age', { answer: '30' }, '/estimate/partner'],
      ['partner', { answer: 'no' }, '/estimate/children'],
      ['children', { answer: '1' }, '/estimate/children-before-2017'],
    ]);
    const tooMany = await web.post('/estimate/children-before-2017', { answer: '2' });
    assert.equal(
      textOf(tooMany.body, '.govuk-error-summary__list'),
      'The number born before 6 April 2017 cannot be more than the number of children',
    );
    const money = await web.post('/estimate/savings', { answer: '12.345' });
    assert.equal(
      textOf(money.body, '.govuk-error-summary__list'),
      'Enter an amount in pounds and pence, like 600 or 193.54',
    );
  });

  it('sends a question the answers do not ask back to the start, and an unknown one to Page not found', async () => {
    await web.get('/estimate');
    await walk([['benefit', { answer: 'new-style-esa' }, '/estimate/age']]);
    const notAsked = await web.get('/estimate/partner');
    assert.deepEqual([notAsked.status, notAsked.location], [303, '/estimate']);
    assert.equal((await web.get('/estimate/no-such-thing')).status, 404);
    assert.equal((await web.get('/estimate/result/not-an-id')).status, 404);
  });

  it('keeps the answers in the session, so going back shows them', async () => {
    await web.get('/estimate');
    await walk([
      ['benefit', { answer: 'new-style-esa' }, '/estimate/age'],
      ['age', { answer: '52' }, '/estimate/contributions'],
    ]);
    const back = await web.get('/estimate/age');
    assert.match(back.body, /value="52"/);
    assert.match(back.body, /href="\/estimate\/benefit"/, 'the back link goes to the previous question');
  });
});
