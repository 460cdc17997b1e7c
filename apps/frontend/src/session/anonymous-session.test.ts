import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { generatePrincipalKeys, SIGNING_KEY_ENV } from '@dwp/service-kit';
import { WebAppUnderTest } from '../testing/web-app-under-test.ts';
import { anonymousCsrfToken } from './csrf.ts';
import { formKeyFrom } from './form-key.ts';
import { FORM_COOKIE, SESSION_COOKIE } from './session-cookies.ts';

const signInAnswer = {
  status: 401,
  body: { error: { code: 'IDENTITY_ERR_SIGN_IN', message: 'Incorrect username or password.' } },
};

describe('anonymous forms: a CSRF token without a stored session', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
    web.gateway.on('POST', '/identity/sign-in', signInAnswer);
  });
  after(() => web.close());
  beforeEach(() => {
    web.setCookie(FORM_COOKIE, undefined);
    web.setCookie(SESSION_COOKIE, undefined);
  });

  it('lets a form shown anonymously be posted, and stores nothing for either', async () => {
    await web.get('/sign-in');
    const res = await web.post('/sign-in', { username: 'amanda', password: 'Wrong-horse-1!' });
    assert.equal(res.status, 401);
    assert.match(res.body, /Enter a correct username and password/);
    assert.equal(web.sessions.all().length, 0);
  });

  it('keeps the same form id across pages, so a second tab still posts', async () => {
    await web.get('/sign-in');
    const first = web.cookie(FORM_COOKIE);
    await web.get('/create-account');
    assert.equal(web.cookie(FORM_COOKIE), first);
  });

  it('refuses the token of another form id, a forged id, and an id it did not sign', async () => {
    await web.get('/sign-in');
    const mine = web.cookie(FORM_COOKIE)!;
    const issuedAt = mine.split('.')[0]!;
    const other = `${issuedAt}.${'A'.repeat(43)}`;
    const cases: Array<[string, string]> = [
      [mine, anonymousCsrfToken(web.formKey, other)],
      [other, anonymousCsrfToken(new Uint8Array(32), other)],
      ['not-a-form-id', anonymousCsrfToken(web.formKey, 'not-a-form-id')],
    ];
    for (const [cookie, token] of cases) {
      web.setCookie(FORM_COOKIE, cookie);
      const res = await web.post('/sign-in', { username: 'a', password: 'b', _csrf: token });
      assert.equal(res.status, 403, cookie);
    }
  });

  it('lets a form id live as long as an idle session, and no longer', async () => {
    await web.get('/sign-in');
    const token = await web.csrfToken();
    web.advance(29 * 60 * 1000);
    assert.equal((await web.post('/sign-in', { username: 'a', password: 'b', _csrf: token })).status, 401);
    web.advance(60 * 1000);
    const late = await web.post('/sign-in', { username: 'a', password: 'b', _csrf: token });
    assert.equal(late.status, 403);
    assert.match(late.body, /This form has expired/);
  });

  it('refuses a form id said to be issued in the future, whatever token comes with it', async () => {
    const future = `${Math.floor(web.now / 1000) + 3600}.${'B'.repeat(43)}`;
    web.setCookie(FORM_COOKIE, future);
    const res = await web.post('/sign-in', {
      username: 'a',
      password: 'b',
      _csrf: anonymousCsrfToken(web.formKey, future),
    });
    assert.equal(res.status, 403);
  });

  it('stores a session, with its own cookie and token, once there is something to remember', async () => {
    const page = await web.get('/sign-in?returnTo=%2Fapply');
    assert.equal(page.status, 200);
    const stored = web.sessions.all();
    assert.equal(stored.length, 1);
    assert.equal(web.cookie(SESSION_COOKIE), stored[0]!.id);
    assert.equal(stored[0]!.journeys?.['returnTo'], '/apply');
    // The page was rendered with the stored session's token, which now guards the post.
    assert.ok(page.body.includes(`name="_csrf" value="${stored[0]!.csrfToken}"`));
    const formToken = anonymousCsrfToken(web.formKey, web.cookie(FORM_COOKIE)!);
    assert.notEqual(formToken, stored[0]!.csrfToken);
    assert.equal((await web.post('/sign-in', { username: 'a', password: 'b', _csrf: formToken })).status, 403);
    assert.equal((await web.post('/sign-in', { username: 'a', password: 'b' })).status, 401);
  });
});

describe('the key that signs anonymous forms', () => {
  it('is the same for every task given the same signing key, and differs between keys', async () => {
    const [mine, other] = await Promise.all([
      generatePrincipalKeys('frontend-service'),
      generatePrincipalKeys('other'),
    ]);
    const env = (k: typeof mine) => ({ [SIGNING_KEY_ENV]: JSON.stringify(k.privateJwk) });
    const a = formKeyFrom(env(mine));
    assert.deepEqual(formKeyFrom(env(mine)), a);
    assert.notDeepEqual(formKeyFrom(env(other)), a);
    assert.equal(a.length, 32);
  });

  it('is never the signing key itself', async () => {
    const jwk = (await generatePrincipalKeys('frontend-service')).privateJwk;
    const key = formKeyFrom({ [SIGNING_KEY_ENV]: JSON.stringify(jwk) });
    assert.notDeepEqual(Buffer.from(key), Buffer.from(jwk.d!, 'base64url'));
  });

  it('refuses a signing key that is not a private Ed25519 JWK, and makes its own without one', () => {
    assert.throws(() => formKeyFrom({ [SIGNING_KEY_ENV]: '{' }), /not valid JSON/);
    assert.throws(() => formKeyFrom({ [SIGNING_KEY_ENV]: '{"kty":"RSA"}' }), /private Ed25519 JWK/);
    assert.notDeepEqual(formKeyFrom({}), formKeyFrom({}));
  });
});
