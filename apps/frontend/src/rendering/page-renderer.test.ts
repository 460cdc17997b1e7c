import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withLanguage } from './page-renderer.ts';

describe("the language toggle's links", () => {
  const cases: ReadonlyArray<[string, 'en' | 'cy', string]> = [
    ['/', 'cy', '/?lang=cy'],
    ['/claims?lang=en', 'cy', '/claims?lang=cy'],
    ['/estimate/age?change=1', 'cy', '/estimate/age?change=1&lang=cy'],
    ['/claims/1/evidence?_csrf=secret&returnTo=%2Fapply%2F1', 'en', '/claims/1/evidence?returnTo=%2Fapply%2F1&lang=en'],
  ];
  for (const [from, lang, to] of cases) {
    it(`links ${from} to ${to}`, () => {
      assert.equal(withLanguage(from, lang), to);
    });
  }
});
