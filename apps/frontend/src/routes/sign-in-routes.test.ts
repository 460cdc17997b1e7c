import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { textOf, titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';

const citizen = { sub: 'sub-amanda', username: 'amanda', roles: ['citizen' as const] };
const me = { sub: citizen.sub, username: citizen.username, roles: ['citizen'], confidence: 'P0' };

describe('sign-in pages', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());

  it('shows the GOV.UK sign-in form with a CSRF token and an anonymous form cookie, storing nothing', async () => {
    const res = await web.get('/sign-in');
    assert.equal(res.status, 200);
    assert.equal(titleOf(res.body), 'Sign in – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
    assert.match(res.body, /<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{43}">/);
    assert.match(res.body, /class="govuk-header"/);
    assert.match(String(res.headers['set-cookie']), /dwp_form=\d+\.[A-Za-z0-9_-]{43};.*HttpOnly.*Secure.*SameSite=Lax/);
    assert.doesNotMatch(String(res.headers['set-cookie']), /dwp_session=/);
    assert.equal(web.sessions.all().length, 0);
  });

  it('names each empty field in the error summary and inline, and prefixes the title with Error', async () => {
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: '', password: '' });
    assert.equal(res.status, 400);
    assert.match(titleOf(res.body) ?? '', /^Error: Sign in/);
    assert.equal(textOf(res.body, '.govuk-error-summary__list'), 'Enter your username Enter your password');
    assert.match(res.body, /href="#username">Enter your username/);
    assert.match(res.body, /id="username-error"/);
    assert.equal(web.gateway.calls('POST', '/identity/sign-in').length, 0, 'nothing is sent upstream');
  });

  it('says the username or password is wrong, in GOV.UK words, when identity-api refuses them', async () => {
    web.gateway.on('POST', '/identity/sign-in', {
      status: 401,
      body: { error: { code: 'IDENTITY_ERR_SIGN_IN', message: 'Incorrect username or password.' } },
    });
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: 'amanda', password: 'wrong' });
    assert.equal(res.status, 401);
    assert.match(textOf(res.body, '.govuk-error-summary__list') ?? '', /Enter a correct username and password/);
    assert.match(res.body, /value="amanda"/, 'the username is kept');
  });

  it('tells a locked-out user to wait', async () => {
    web.gateway.on('POST', '/identity/sign-in', {
      status: 429,
      body: { error: { code: 'IDENTITY_ERR_TOO_MANY', message: 'Password attempts exceeded' } },
    });
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: 'amanda', password: 'x' });
    assert.equal(res.status, 429);
    assert.match(res.body, /wrong details too many times/);
  });

  it('goes to the security code after the password, and to the account after the code', async () => {
    web.gateway.on('POST', '/identity/sign-in', {
      status: 200,
      body: { challenge: 'SOFTWARE_TOKEN_MFA', session: 'cognito-session-0123456789' },
    });
    web.gateway.on('POST', '/identity/sign-in/mfa', {
      status: 200,
      body: { accessToken: 'at', refreshToken: 'rt', expiresIn: 3600, idToken: 'it', tokenType: 'Bearer' },
    });
    web.gateway.on('GET', '/identity/me', { status: 200, body: me });
    await web.get('/sign-in');
    const first = await web.post('/sign-in', { username: 'amanda', password: 'Correct-horse-1!' });
    assert.deepEqual([first.status, first.location], [303, '/sign-in/security-code']);
    const bad = await web.post('/sign-in/security-code', { code: '12a' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Security code must be 6 digits/);
    const done = await web.post('/sign-in/security-code', { code: '123 456' });
    assert.deepEqual([done.status, done.location], [303, '/account']);
    assert.equal(
      web.gateway.calls('POST', '/identity/sign-in/mfa')[0]?.body &&
        JSON.stringify(web.gateway.calls('POST', '/identity/sign-in/mfa')[0]!.body),
      JSON.stringify({ username: 'amanda', session: 'cognito-session-0123456789', code: '123456' }),
    );
  });

  it('shows a QR code and the key when a new account must set up its authenticator app', async () => {
    web.gateway.on('POST', '/identity/sign-in', {
      status: 200,
      body: { challenge: 'MFA_SETUP', session: 'cognito-session-setup-0123456789' },
    });
    web.gateway.on('POST', '/identity/sign-in/mfa-setup', {
      status: 200,
      body: {
        secretCode: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        otpauthUri: 'otpauth://totp/DWP:amanda?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        session: 'cognito-session-2-0123456789',
      },
    });
    await web.get('/sign-in');
    const first = await web.post('/sign-in', { username: 'amanda', password: 'Correct-horse-1!' });
    assert.equal(first.location, '/sign-in/set-up-authenticator');
    const page = await web.get('/sign-in/set-up-authenticator');
    assert.equal(page.status, 200);
    assert.match(page.body, /<img class="app-qr-code" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    assert.equal(textOf(page.body, '#secret-key'), 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });

  it("answers a post without the session's CSRF token, or with a malformed one, with a 403 page", async () => {
    await web.get('/sign-in');
    for (const token of ['', 'guess', 'é'.repeat(43), '\u{1F600}'.repeat(20), 'x'.repeat(10_000)]) {
      const res = await web.post('/sign-in', { username: 'a', password: 'b', _csrf: token });
      assert.equal(res.status, 403, `token ${JSON.stringify(token.slice(0, 10))}`);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /This form has expired/);
    }
  });

  it('refuses a post from another origin even with the right token', async () => {
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: 'a', password: 'b' }, { origin: 'https://evil.example' });
    assert.equal(res.status, 403);
  });
});

describe('pages for problems', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());

  it('answers an unknown path with the GOV.UK "Page not found" page, not JSON', async () => {
    const res = await web.get('/no-such-page');
    assert.equal(res.status, 404);
    assert.equal(titleOf(res.body), 'Page not found – Apply for Universal Credit, new style JSA or ESA – GOV.UK');
  });

  it('sends a signed-out visitor of a signed-in page to sign in, and back afterwards', async () => {
    const res = await web.get('/account');
    assert.deepEqual([res.status, res.location], [303, '/sign-in?required=1&returnTo=%2Faccount']);
  });

  it('shows "service unavailable" when the gateway answers with something no page can use', async () => {
    await web.signIn(citizen);
    web.gateway.on('GET', '/identity/me', { status: 200, body: { unexpected: true } });
    const res = await web.get('/account');
    assert.equal(res.status, 502);
    assert.match(res.body, /Sorry, there is a problem with the service/);
  });

  it('renders every page in Welsh after ?lang=cy, and remembers the choice', async () => {
    const cy = await web.get('/?lang=cy');
    assert.match(cy.body, /<html lang="cy"/);
    assert.match(cy.body, /Dechrau nawr/);
    const next = await web.get('/no-such-page');
    assert.match(next.body, /Heb ddod o hyd i&#39;r dudalen|Heb ddod o hyd i'r dudalen/);
    const en = await web.get('/?lang=en');
    assert.match(en.body, /Start now/);
  });

  it('serves assets under hashed names with a year of caching, compressed', async () => {
    const page = await web.get('/');
    const css = /href="(\/assets\/govuk-frontend\.min-[0-9a-f]{10}\.css)"/.exec(page.body)?.[1];
    assert.ok(css, 'the stylesheet has a hashed name');
    const res = await web.get(css, { 'accept-encoding': 'br, gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await web.get('/assets/govuk-frontend.min.css')).status, 404, 'no unhashed name');
  });

  it("allows no inline script but govuk-frontend's own, by nonce", async () => {
    const page = await web.get('/');
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const inline = [...page.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    assert.equal(inline.length, 1);
    assert.match(inline[0]![1]!, new RegExp(`nonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
  });
});
