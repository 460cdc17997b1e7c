import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GatewayRequest } from '../upstream/platform-api.ts';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const NOT_REGISTERED = {
  status: 404,
  body: { error: { code: 'CITIZEN_ERR_NOT_FOUND', message: 'There is no citizen record for you yet' } },
};
const DOWNING = {
  uprn: '100023336956',
  lines: ['10 DOWNING STREET'],
  postTown: 'LONDON',
  postcode: 'SW1A 2AA',
  singleLine: '10 DOWNING STREET, LONDON, SW1A 2AA',
};
const ELEVEN = {
  uprn: '100023336957',
  lines: ['11 DOWNING STREET'],
  postTown: 'LONDON',
  postcode: 'SW1A 2AA',
  singleLine: '11 DOWNING STREET, LONDON, SW1A 2AA',
};
const RECORD = {
  citizenId: 'c-1',
  name: { given: 'Amanda', family: 'Rowe' },
  dateOfBirth: '1985-03-14',
  nino: 'JG103759A',
  contact: { email: 'amanda@example.com' },
  address: {
    source: 'postcode-lookup',
    uprn: DOWNING.uprn,
    lines: DOWNING.lines,
    postTown: 'LONDON',
    postcode: 'SW1A 2AA',
    validatedAt: '2026-01-01T00:00:00.000Z',
  },
  preferences: { channels: { email: true, sms: false }, language: 'en' },
  consents: { hmrcIncome: { granted: true, at: '2026-01-01T00:00:00.000Z' } },
  version: 4,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const summaryText = (body: string) => textOf(body, '.govuk-error-summary__list');

describe('your details: registering', () => {
  let web: WebAppUnderTest;
  beforeEach(async () => {
    web = await WebAppUnderTest.start();
    await web.signIn(citizen);
    web.gateway.on('GET', '/citizen/citizens/me', NOT_REGISTERED);
    // The fake answers with the last matching route registered.
    web.gateway.on('GET', /\/address\/postcodes\/[^/]+/, {
      status: 404,
      body: { error: { code: 'ADDRESS_ERR_POSTCODE_NOT_FOUND', message: 'none' } },
    });
    web.gateway.on('GET', /\/address\/postcodes\/(SW1A|sw1a)(%20)?(2AA|2aa)/, {
      status: 200,
      body: { postcode: 'SW1A 2AA', addresses: [DOWNING, ELEVEN] },
    });
    web.gateway.on('GET', /\/address\/postcodes\/QQ1.*/, {
      status: 400,
      body: { error: { code: 'ADDRESS_ERR_POSTCODE_INVALID', message: 'not a postcode' } },
    });
  });
  after(() => web.close());

  it('asks one question per page in order, then shows every answer to check, and registers once with an Idempotency-Key', async () => {
    assert.equal((await web.get('/details')).location, '/details/name');
    const name = await web.get('/details/name');
    assert.equal(titleOf(name.body), 'What is your name? – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    assert.match(name.body, /<h1 class="govuk-fieldset__heading">\s*What is your name\?\s*<\/h1>/);
    assert.match(name.body, /autocomplete="given-name"/);

    const steps: Array<[string, Record<string, string>, string]> = [
      ['/details/name', { given: ' Amanda ', family: 'Rowe' }, '/details/date-of-birth'],
      [
        '/details/date-of-birth',
        { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1985' },
        '/details/national-insurance-number',
      ],
      ['/details/national-insurance-number', { nino: 'jg 10 37 59 a' }, '/details/contact'],
      ['/details/contact', { email: 'amanda@example.com', mobile: '07700 900 982' }, '/details/hmrc-income'],
      ['/details/hmrc-income', { hmrcIncome: 'yes' }, '/details/address'],
      ['/details/address', { postcode: 'sw1a 2aa' }, '/details/address/select'],
      ['/details/address/select', { uprn: DOWNING.uprn }, '/details/check'],
    ];
    for (const [path, fields, next] of steps) {
      const res = await web.post(path, fields);
      assert.deepEqual([res.status, res.location], [303, next], path);
    }

    const check = await web.get('/details/check');
    assert.equal(check.status, 200);
    assert.match(check.body, /<h1 class="govuk-heading-l">Check your details<\/h1>/);
    assert.match(check.body, /Amanda Rowe/);
    assert.match(check.body, /14 March 1985/);
    assert.match(check.body, /JG 10 37 59 A/);
    assert.match(check.body, /amanda@example.com<br>07700 900982/);
    assert.match(check.body, /10 DOWNING STREET<br>LONDON<br>SW1A 2AA/);
    assert.match(check.body, /href="\/details\/national-insurance-number\?change=1"/);
    assert.match(check.body, /Change<span class="govuk-visually-hidden"> national insurance number<\/span>/);

    let registered: GatewayRequest | undefined;
    web.gateway.on('POST', '/citizen/citizens', (req) => {
      registered = req;
      return { status: 201, body: RECORD };
    });
    const saved = await web.post('/details/check', {});
    assert.deepEqual([saved.status, saved.location], [303, '/details/check?notice=saved']);
    assert.deepEqual(registered?.body, {
      name: { given: 'Amanda', family: 'Rowe' },
      dateOfBirth: '1985-03-14',
      nino: 'JG103759A',
      contact: { email: 'amanda@example.com', mobile: '07700900982' },
      consents: { hmrcIncome: true },
      address: { uprn: DOWNING.uprn },
    });
    assert.match(registered.headers['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/);

    web.gateway.on('GET', '/citizen/citizens/me', { status: 200, body: RECORD });
    const after = await web.get('/details/check?notice=saved');
    assert.match(after.body, /govuk-notification-banner--success/);
    assert.match(after.body, /Your details have been saved/);
    assert.match(after.body, /<h1 class="govuk-heading-l">Your details<\/h1>/);
  });

  it('goes back to "Check your details" after a change', async () => {
    await web.post('/details/name', { given: 'Amanda', family: 'Rowe' });
    const res = await web.post('/details/name?change=1', { given: 'Mandy', family: 'Rowe' });
    assert.equal(res.location, '/details/check');
    const page = await web.get('/details/name?change=1');
    assert.match(page.body, /action="\/details\/name\?change=1"/);
    assert.match(page.body, /value="Mandy"/);
  });

  it('sends a check page with questions unanswered to the first of them', async () => {
    await web.post('/details/name', { given: 'Amanda', family: 'Rowe' });
    assert.equal((await web.get('/details/check')).location, '/details/date-of-birth');
    assert.equal((await web.post('/details/check', {})).location, '/details/date-of-birth');
  });

  // page | fields | the error summary, in GOV.UK words
  const invalid: ReadonlyArray<readonly [string, Record<string, string>, string]> = [
    ['/details/name', { given: '', family: '' }, 'Enter your first name Enter your last name'],
    ['/details/name', { given: 'x'.repeat(101), family: 'Rowe' }, 'First name must be 100 characters or fewer'],
    [
      '/details/date-of-birth',
      { 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' },
      'Enter your date of birth',
    ],
    [
      '/details/date-of-birth',
      { 'dateOfBirth-day': '14', 'dateOfBirth-month': '', 'dateOfBirth-year': '1985' },
      'Date of birth must include a month',
    ],
    [
      '/details/date-of-birth',
      { 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1985' },
      'Date of birth must be a real date',
    ],
    [
      '/details/date-of-birth',
      { 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2100' },
      'Date of birth must be in the past',
    ],
    [
      '/details/date-of-birth',
      {
        'dateOfBirth-day': '1',
        'dateOfBirth-month': '1',
        'dateOfBirth-year': String(new Date().getUTCFullYear() - 10),
      },
      'You must be 16 or older to use this service',
    ],
    ['/details/national-insurance-number', { nino: '' }, 'Enter your National Insurance number'],
    [
      '/details/national-insurance-number',
      { nino: 'QQ 12 34 56 C' },
      'Enter a National Insurance number with valid first 2 letters',
    ],
    [
      '/details/national-insurance-number',
      { nino: 'JG1037' },
      'Enter a National Insurance number in the correct format',
    ],
    [
      '/details/contact',
      { email: 'amanda', mobile: '' },
      'Enter an email address in the correct format, like name@example.com',
    ],
    [
      '/details/contact',
      { email: 'amanda@example.com', mobile: '0123' },
      'Enter a UK mobile phone number, like 07700 900 982',
    ],
    ['/details/hmrc-income', {}, 'Select yes if we can ask HMRC about your income'],
    ['/details/hmrc-income', { hmrcIncome: 'maybe' }, 'Select yes if we can ask HMRC about your income'],
    ['/details/address', { postcode: '' }, 'Enter your postcode'],
    ['/details/address', { postcode: 'QQ1 1QQ' }, 'Enter a real postcode'],
    [
      '/details/address',
      { postcode: 'LS1 4AP' },
      'We could not find any addresses for that postcode. Check the postcode, or enter your address manually',
    ],
    [
      '/details/address/manual',
      { line1: '', line2: '', town: '', postcode: '' },
      'Enter address line 1, typically the building and street Enter town or city Enter postcode',
    ],
    [
      '/details/address/manual',
      { line1: '2 New Road', line2: '', town: 'Leeds', postcode: 'QQ1 1QQ' },
      'Enter a real postcode',
    ],
  ];
  for (const [path, fields, message] of invalid) {
    it(`says "${message.slice(0, 60)}" on ${path} for ${JSON.stringify(fields).slice(0, 80)}`, async () => {
      await web.get(path);
      const res = await web.post(path, fields);
      assert.equal(res.status, 400);
      assert.equal(summaryText(res.body), message);
      assert.match(titleOf(res.body) ?? '', /^Error: /);
    });
  }

  it('marks only the parts of the date that are wrong, and keeps what was typed', async () => {
    await web.get('/details/date-of-birth');
    const res = await web.post('/details/date-of-birth', {
      'dateOfBirth-day': '',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '1985',
    });
    assert.match(res.body, /href="#dateOfBirth-day"/);
    assert.match(
      res.body,
      /class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="dateOfBirth-day"/,
    );
    assert.match(
      res.body,
      /class="govuk-input govuk-date-input__input govuk-input--width-2" id="dateOfBirth-month"[^>]*value="3"/,
    );
  });

  it('asks again for an address when none of the list was chosen', async () => {
    await web.post('/details/address', { postcode: 'SW1A 2AA' });
    const list = await web.get('/details/address/select');
    assert.match(list.body, /2 addresses found for SW1A 2AA/);
    assert.match(list.body, /11 DOWNING STREET, LONDON, SW1A 2AA/);
    for (const fields of [{}, { uprn: '999' }] as Array<Record<string, string>>) {
      const res = await web.post('/details/address/select', fields);
      assert.equal(res.status, 400);
      assert.equal(summaryText(res.body), 'Select your address');
    }
  });

  it('keeps a typed-in address and says it must be confirmed before a claim', async () => {
    for (const [path, fields] of [
      ['/details/name', { given: 'Amanda', family: 'Rowe' }],
      ['/details/date-of-birth', { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1985' }],
      ['/details/national-insurance-number', { nino: 'JG103759A' }],
      ['/details/contact', { email: 'amanda@example.com' }],
      ['/details/hmrc-income', { hmrcIncome: 'no' }],
    ] as const)
      await web.post(path, fields);
    const res = await web.post('/details/address/manual', {
      line1: 'Flat 2',
      line2: '14 Park Row',
      town: 'Leeds',
      postcode: 'ls14ap',
    });
    assert.deepEqual([res.status, res.location], [303, '/details/check']);
    const check = await web.get('/details/check');
    assert.match(check.body, /Flat 2<br>14 Park Row<br>Leeds<br>LS1 4AP/);
    assert.match(check.body, /We need to confirm your address before you can send a claim/);
    let body: unknown;
    web.gateway.on('POST', '/citizen/citizens', (req) => {
      body = req.body;
      return { status: 201, body: RECORD };
    });
    await web.post('/details/check', {});
    assert.deepEqual((body as { address: unknown }).address, {
      lines: ['Flat 2', '14 Park Row'],
      postTown: 'Leeds',
      postcode: 'LS1 4AP',
    });
  });

  it("shows citizen-api's refusal on the check page, linking to the question to fix", async () => {
    for (const [path, fields] of [
      ['/details/name', { given: 'Amanda', family: 'Rowe' }],
      ['/details/date-of-birth', { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1985' }],
      ['/details/national-insurance-number', { nino: 'JG103759A' }],
      ['/details/contact', { email: 'amanda@example.com' }],
      ['/details/hmrc-income', { hmrcIncome: 'no' }],
      ['/details/address', { postcode: 'SW1A 2AA' }],
      ['/details/address/select', { uprn: DOWNING.uprn }],
    ] as const)
      await web.post(path, fields);
    web.gateway.on('POST', '/citizen/citizens', {
      status: 400,
      body: {
        error: {
          code: 'SVC_ERR_VALIDATION',
          message: 'Request validation failed',
          details: [{ path: 'body.address.uprn', message: 'is not an address we can find' }],
        },
      },
    });
    const res = await web.post('/details/check', {});
    assert.equal(res.status, 400);
    assert.match(res.body, /href="\/details\/address\?change=1">We could not confirm that address/);
  });

  it('shows the saved record when an earlier, lost try already registered with other answers', async () => {
    for (const [path, fields] of [
      ['/details/name', { given: 'Amanda', family: 'Rowe' }],
      ['/details/date-of-birth', { 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1985' }],
      ['/details/national-insurance-number', { nino: 'JG103759A' }],
      ['/details/contact', { email: 'amanda@example.com' }],
      ['/details/hmrc-income', { hmrcIncome: 'no' }],
      ['/details/address/manual', { line1: '1 Road', town: 'Leeds', postcode: 'LS1 4AP' }],
    ] as const)
      await web.post(path, fields);
    web.gateway.on('POST', '/citizen/citizens', {
      status: 422,
      body: { error: { code: 'CITIZEN_ERR_IDEMPOTENCY_KEY_REUSED', message: 'used' } },
    });
    const res = await web.post('/details/check', {});
    assert.equal(res.location, '/details/check?notice=stale');
    web.gateway.on('GET', '/citizen/citizens/me', { status: 200, body: RECORD });
    assert.match((await web.get(res.location)).body, /<h1 class="govuk-heading-l">Your details<\/h1>/);
  });

  it('shows the problem page when citizen-api cannot be read', async () => {
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 503,
      body: { error: { code: 'SVC_ERR_UNAVAILABLE', message: 'x' } },
    });
    assert.equal((await web.get('/details')).status, 502);
  });

  it('renders the questions in Welsh', async () => {
    const res = await web.get('/details/date-of-birth?lang=cy');
    assert.match(res.body, /Beth yw eich dyddiad geni\?/);
    assert.match(res.body, /Diwrnod/);
  });
});

describe('your details: changing them', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  beforeEach(async () => {
    await web.signIn(citizen);
    web.gateway.on('GET', '/citizen/citizens/me', { status: 200, body: RECORD });
  });
  after(() => web.close());

  it('shows the saved details with Change links and nothing to save yet', async () => {
    assert.equal((await web.get('/details')).location, '/details/check');
    const page = await web.get('/details/check');
    assert.match(page.body, /<h1 class="govuk-heading-l">Your details<\/h1>/);
    assert.match(page.body, /JG 10 37 59 A/);
    assert.doesNotMatch(page.body, /Save changes/);
  });

  it('sends only the changed answer, with If-Match of the version read', async () => {
    const res = await web.post('/details/contact', { email: 'new@example.com', mobile: '' });
    assert.equal(res.location, '/details/check');
    assert.match((await web.get('/details/check')).body, /Save changes/);
    let patch: GatewayRequest | undefined;
    web.gateway.on('PATCH', '/citizen/citizens/c-1', (req) => {
      patch = req;
      return { status: 200, body: { ...RECORD, contact: { email: 'new@example.com' }, version: 5 } };
    });
    const saved = await web.post('/details/check', {});
    assert.deepEqual([saved.status, saved.location], [303, '/details/check?notice=saved']);
    assert.deepEqual(patch?.body, { contact: { email: 'new@example.com' } });
    assert.equal(patch.headers['if-match'], '"4"');
  });

  it('starts again from the record when it changed elsewhere (409)', async () => {
    await web.post('/details/hmrc-income', { hmrcIncome: 'no' });
    web.gateway.on('PATCH', '/citizen/citizens/c-1', {
      status: 409,
      body: { error: { code: 'CITIZEN_ERR_VERSION_CONFLICT', message: 'stale' } },
    });
    const res = await web.post('/details/check', {});
    assert.equal(res.location, '/details/check?notice=stale');
    const page = await web.get(res.location);
    assert.match(page.body, /changed somewhere else/);
    assert.doesNotMatch(page.body, /Save changes/, 'the unsaved change is gone, and the page says so');
  });

  it('shows the record as citizen-api has it now while nothing has been changed here', async () => {
    await web.get('/details/check');
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: { ...RECORD, name: { given: 'Mandy', family: 'Rowe' }, version: 5 },
    });
    assert.match((await web.get('/details/check')).body, /Mandy Rowe/);
  });

  it('finds an address by postcode while changing it', async () => {
    web.gateway.on('GET', /\/address\/postcodes\/[^/]+/, {
      status: 200,
      body: { postcode: 'SW1A 2AA', addresses: [DOWNING, ELEVEN] },
    });
    assert.equal(
      (await web.post('/details/address?change=1', { postcode: 'SW1A 2AA' })).location,
      '/details/address/select?change=1',
    );
    assert.equal((await web.get('/details/address/select?change=1')).status, 200);
    assert.equal(
      (await web.post('/details/address/select?change=1', { uprn: ELEVEN.uprn })).location,
      '/details/check',
    );
    assert.match((await web.get('/details/check')).body, /11 DOWNING STREET/);
  });

  it('shows the current answer on a question page', async () => {
    const page = await web.get('/details/national-insurance-number?change=1');
    assert.match(page.body, /value="JG 10 37 59 A"/);
    assert.match(page.body, /<a href="\/details\/check" class="govuk-back-link">/);
  });
});
