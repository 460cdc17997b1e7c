import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebAppUnderTest } from '../testing/web-app-under-test.ts';
import { PublicPageCache } from './public-page-cache.ts';

describe('the public page cache', () => {
  it('renders a page once and puts each request its own nonce and token', () => {
    const cache = new PublicPageCache();
    let renders = 0;
    const render = () => {
      renders++;
      return `<script nonce="${cache.markers.cspNonce}"></script><input value="${cache.markers.csrfToken}">`;
    };
    assert.equal(
      cache.page('k', { cspNonce: 'n1', csrfToken: 't1' }, render),
      '<script nonce="n1"></script><input value="t1">',
    );
    assert.equal(
      cache.page('k', { cspNonce: 'n2', csrfToken: 't2' }, render),
      '<script nonce="n2"></script><input value="t2">',
    );
    assert.equal(renders, 1);
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    const cache = new PublicPageCache(2);
    let renders = 0;
    const page = (key: string) => cache.page(key, { cspNonce: 'n', csrfToken: undefined }, () => `${key}${++renders}`);
    page('a');
    page('b');
    page('c');
    assert.equal(cache.size, 2);
    assert.equal(page('b'), 'b2', 'kept');
    assert.equal(page('a'), 'a4', 'dropped, so rendered again');
  });

  it('makes markers that HTML escaping leaves alone and no two caches share', () => {
    const a = new PublicPageCache().markers;
    const b = new PublicPageCache().markers;
    for (const m of [a.cspNonce, a.csrfToken]) assert.match(m, /^[a-z]+[0-9a-f]{32}$/);
    assert.notEqual(a.cspNonce, b.cspNonce);
  });
});

describe('public pages in the web tier', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());

  const nonceOf = (res: { headers: Record<string, unknown>; body: string }) => {
    const header = /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
    const inPage = /<script nonce="([^"]+)"/.exec(res.body)?.[1];
    return { header, inPage };
  };

  it('gives every answer of a kept page its own nonce, the one its CSP names', async () => {
    const first = await web.get('/');
    const second = await web.get('/');
    const a = nonceOf(first);
    const b = nonceOf(second);
    assert.ok(a.header && b.header);
    assert.equal(a.inPage, a.header);
    assert.equal(b.inPage, b.header);
    assert.notEqual(a.header, b.header);
    assert.doesNotMatch(first.body + second.body, /cspnonce[0-9a-f]{32}|csrftoken[0-9a-f]{32}/);
  });

  it("puts each visitor's own CSRF token in the kept sign-in form, which then posts", async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      web.setCookie('dwp_form', undefined);
      const page = await web.get('/sign-in');
      const inForm = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.equal(inForm, await web.csrfToken());
      tokens.push(inForm);
    }
    assert.notEqual(tokens[0], tokens[1]);
    web.gateway.on('POST', '/identity/sign-in', {
      status: 401,
      body: { error: { code: 'IDENTITY_ERR_SIGN_IN', message: 'Incorrect username or password.' } },
    });
    assert.equal((await web.post('/sign-in', { username: 'a', password: 'b', _csrf: tokens[1]! })).status, 401);
  });

  it('keeps each language and each URL apart', async () => {
    const cy = await web.get('/sign-in?lang=cy');
    assert.match(cy.body, /<html lang="cy"/);
    const en = await web.get('/sign-in?lang=en');
    assert.match(en.body, /<html lang="en"/);
    const timedOut = await web.get('/sign-in?timedOut=1');
    assert.notEqual(timedOut.body.length, en.body.length);
  });

  it('renders the page afresh for a signed-in user', async () => {
    await web.signIn({ sub: 'sub-amanda', username: 'amanda', roles: ['citizen'] });
    const res = await web.get('/');
    assert.match(res.body, /action="\/sign-out"/);
    web.setCookie('dwp_session', undefined);
    assert.doesNotMatch((await web.get('/')).body, /action="\/sign-out"/);
  });
});
