import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ninoProblem, normaliseNino } from './nino.ts';

describe('National Insurance number rules', () => {
  it('accepts well-formed numbers, with or without spaces and in any case', () => {
    for (const ok of ['AB123456C', 'ab 12 34 56 c', 'JG103759A', 'SN789012B', 'WP456123D']) assert.equal(ninoProblem(ok), undefined, ok);
    assert.equal(normaliseNino('ab 12 34 56 c'), 'AB123456C');
  });

  it('refuses prefix letters HMRC never uses', () => {
    for (const bad of ['DA123456A', 'FA123456A', 'IA123456A', 'QQ123456C', 'UA123456A', 'VA123456A', 'AD123456A', 'AO123456A']) {
      assert.equal(ninoProblem(bad), 'prefix-letters', bad);
    }
  });

  it('refuses the prefixes that are never allocated', () => {
    for (const bad of ['BG123456A', 'GB123456A', 'KN123456A', 'NK123456A', 'NT123456A', 'TN123456A', 'ZZ123456A']) {
      assert.equal(ninoProblem(bad), 'unallocated-prefix', bad);
    }
  });

  it('refuses the wrong shape or a suffix other than A to D', () => {
    for (const bad of ['AB12345C', 'AB1234567C', 'AB123456E', 'A1123456C', '', 'AB123456']) assert.equal(ninoProblem(bad), 'format', bad);
  });
});
