import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const me = (confidence: string) => ({ sub: citizen.sub, username: citizen.username, roles: ['citizen'], confidence });
const record = (address: object | null) => ({
  citizenId: 'c-1',
  name: { given: 'Amanda', family: 'Jones' },
  dateOfBirth: '1988-04-12',
  nino: 'JG103759A',
  contact: {},
  address,
  consents: {},
  version: 1,
});
const FOUND = { uprn: '100023336956', lines: ['10 DOWNING STREET'], postTown: 'LONDON', postcode: 'SW1A 2AA' };

describe('the account home', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
    await web.signIn(citizen);
  });
  after(() => web.close());

  it('shows the username in a summary row, and both tasks to do for a new citizen', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: me('P0') });
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 404,
      body: { error: { code: 'CITIZEN_ERR_NOT_FOUND', message: 'none' } },
    });
    const res = await web.get('/account');
    assert.equal(res.status, 200);
    assert.equal(titleOf(res.body), 'Your account – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    assert.match(
      res.body,
      /<dt class="govuk-summary-list__key">\s*Username\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*amanda\s*<\/dd>/,
    );
    assert.equal(textOf(res.body, '#before-you-apply-1-status'), 'Not yet started');
    assert.equal(textOf(res.body, '#before-you-apply-2-status'), 'Not yet started');
    for (const href of ['/identity/prove', '/details', '/estimate', '/apply', '/claims'])
      assert.match(res.body, new RegExp(`href="${href}"`));
  });

  it('marks identity and details completed once proved and saved with an address found by postcode', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: me('P2') });
    web.gateway.on('GET', '/citizen/citizens/me', { status: 200, body: record(FOUND) });
    const res = await web.get('/account');
    assert.equal(textOf(res.body, '#before-you-apply-1-status'), 'Completed');
    assert.equal(textOf(res.body, '#before-you-apply-2-status'), 'Completed');
  });

  it('asks to confirm an address that was typed in, since a claim needs one found by postcode', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: me('P2') });
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 200,
      body: record({ lines: ['1 New Road'], postTown: 'Leeds', postcode: 'LS1 1AA' }),
    });
    const res = await web.get('/account');
    assert.equal(textOf(res.body, '#before-you-apply-2-status'), 'Confirm your address');
  });

  it('shows the problem page, not account data, when citizen-api fails', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: me('P0') });
    web.gateway.on('GET', '/citizen/citizens/me', {
      status: 500,
      body: { error: { code: 'SVC_ERR_INTERNAL', message: 'x' } },
    });
    const res = await web.get('/account');
    assert.equal(res.status, 502);
    assert.doesNotMatch(res.body, /amanda/);
  });

  it('is not for staff', async () => {
    const staff = await WebAppUnderTest.start();
    try {
      await staff.signIn({ sub: 'sub-carol', username: 'carol', roles: ['caseworker'] });
      assert.equal((await staff.get('/account')).status, 403);
    } finally {
      await staff.close();
    }
  });
});
