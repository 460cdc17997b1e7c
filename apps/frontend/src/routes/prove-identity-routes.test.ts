import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-kay', username: 'kay', roles: ['citizen' as const] };
const base = { sub: citizen.sub, username: citizen.username, roles: ['citizen'] };
const P0 = { ...base, confidence: 'P0' };
const P2 = {
  ...base,
  confidence: 'P2',
  method: 'one-login',
  verifiedAt: '2026-12-01T09:00:00.000Z',
  identity: {
    givenNames: ['Kay', 'Elizabeth'],
    familyName: 'Morgan',
    birthDate: '1984-09-26',
    address: { uprn: '100023336956', lines: ['10 DOWNING STREET', 'LONDON'], postcode: 'SW1A 2AA' },
  },
};

describe('prove your identity', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
    await web.signIn(citizen);
  });
  after(() => web.close());

  it('explains GOV.UK One Login, with a link (not a form) to continue there', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: P0 });
    const res = await web.get('/identity/prove');
    assert.equal(res.status, 200);
    assert.equal(titleOf(res.body), 'Prove your identity – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    assert.match(
      res.body,
      /<a href="\/identity\/prove\/start" role="button"[^>]*class="govuk-button govuk-button--start"/,
    );
    assert.doesNotMatch(res.body, /action="\/identity\/prove/);
  });

  it('sends a citizen who has already proved their identity to the result', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: P2 });
    const res = await web.get('/identity/prove');
    assert.deepEqual([res.status, res.location], [303, '/identity/prove/result']);
  });

  it('starts verification at identity-api and redirects the browser to One Login', async () => {
    web.gateway.on('POST', '/identity/verify', {
      status: 201,
      body: {
        authorizeUrl: 'http://localhost:8080/sandbox/one-login/authorize?state=s1',
        expiresAt: '2026-12-01T09:15:00.000Z',
      },
    });
    const res = await web.get('/identity/prove/start');
    assert.deepEqual([res.status, res.location], [303, 'http://localhost:8080/sandbox/one-login/authorize?state=s1']);
    const call = web.gateway.calls('POST', '/identity/verify').at(-1)!;
    assert.deepEqual(call.body, { returnTo: '/identity/prove/result', loginHint: 'citizen-p2' });
    assert.equal(call.headers.authorization, `Bearer token-of-${citizen.sub}`);
  });

  it('shows the problem page when identity-api will not start verification', async () => {
    web.gateway.on('POST', '/identity/verify', {
      status: 503,
      body: { error: { code: 'SVC_ERR_UNAVAILABLE', message: 'x' } },
    });
    assert.equal((await web.get('/identity/prove/start')).status, 502);
  });

  it('shows the verified name, date of birth and address', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: P2 });
    const res = await web.get('/identity/prove/result');
    assert.equal(res.status, 200);
    assert.match(textOf(res.body, '.govuk-panel__title') ?? '', /You have proved your identity/);
    assert.match(res.body, /Kay Elizabeth Morgan/);
    assert.match(res.body, /26 September 1984/);
    assert.match(res.body, /10 DOWNING STREET<br>LONDON<br>SW1A 2AA/);
  });

  // ?error= from identity-api's callback | what the page says
  for (const [query, reason] of [
    ['?error=failed', 'GOV.UK One Login could not confirm who you are'],
    ['?error=cancelled', 'You stopped proving your identity before you finished'],
    ['?error=%3Cscript%3E', 'GOV.UK One Login could not confirm who you are'],
    ['', 'GOV.UK One Login could not confirm who you are'],
  ] as const) {
    it(`says "We could not confirm your identity" for result${query || ' without an error'} when not at P2`, async () => {
      web.gateway.on('GET', '/identity/me', { status: 200, body: P0 });
      const res = await web.get(`/identity/prove/result${query}`);
      assert.equal(res.status, 200);
      assert.match(res.body, /<h1 class="govuk-heading-l">We could not confirm your identity<\/h1>/);
      assert.match(textOf(res.body, '#not-proved-reason') ?? '', new RegExp(reason));
      assert.match(res.body, /href="\/identity\/prove\/start"/);
    });
  }

  it('renders the result in Welsh', async () => {
    web.gateway.on('GET', '/identity/me', { status: 200, body: P0 });
    const res = await web.get('/identity/prove/result?lang=cy');
    assert.match(res.body, /Nid oeddem yn gallu cadarnhau pwy ydych chi/);
    await web.get('/?lang=en');
  });
});
