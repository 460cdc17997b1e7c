import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sameSitePath } from './return-to.ts';

describe('returnTo', () => {
  it('keeps a path on this site and refuses anything that could lead elsewhere', () => {
    // value | kept
    const cases: ReadonlyArray<[unknown, boolean]> = [
      ['/apply/0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8a9b', true],
      ['/claims?x=1&y=2', true],
      ['//evil.example/', false],
      ['/\\evil.example', false],
      ['/%2F%2Fevil.example', false],
      ['/%5Cevil.example', false],
      ['https://evil.example/', false],
      ['javascript:alert(1)', false],
      ['apply', false],
      ['/a b', false],
      ['/%E0%A4%A', false],
      ['/' + 'a'.repeat(600), false],
      [['/apply'], false],
      [undefined, false],
    ];
    for (const [value, kept] of cases) assert.equal(sameSitePath(value) !== undefined, kept, String(value));
  });
});
