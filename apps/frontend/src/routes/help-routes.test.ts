import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { titleOf, WebAppUnderTest } from '../testing/web-app-under-test.ts';
import { HELP_PAGES } from './help-routes.ts';

describe('help pages', () => {
  let web: WebAppUnderTest;
  before(async () => {
    web = await WebAppUnderTest.start();
  });
  after(() => web.close());

  it('serves every page the footer and phase banner link to, in English and Welsh', async () => {
    const start = await web.get('/');
    const linked = [...start.body.matchAll(/href="(\/help\/[\w-]+)"/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(linked)].sort(), HELP_PAGES.map((p) => `/help/${p}`).sort());
    const titles = new Set<string>();
    for (const path of linked) {
      for (const lang of ['en', 'cy']) {
        const res = await web.get(`${path}?lang=${lang}`);
        assert.equal(res.status, 200, path);
        titles.add(titleOf(res.body)!);
      }
    }
    assert.equal(titles.size, HELP_PAGES.length * 2, 'each page and language has its own title');
  });
});
