import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayNino, ninoProblem, normaliseNino, type NinoProblem } from './nino.ts';

describe('National Insurance number format', () => {
  // input | problem
  const cases: ReadonlyArray<readonly [string, NinoProblem | undefined]> = [
    ['', 'required'],
    ['   ', 'required'],
    ['JG103759A', undefined],
    ['jg 10 37 59 a', undefined],
    [' SN 78 90 12 B ', undefined],
    ['QQ123456C', 'prefix'],
    ['DA123456A', 'prefix'],
    ['AO123456A', 'prefix'],
    ['GB123456A', 'unallocated'],
    ['ZZ123456A', 'unallocated'],
    ['AB123456E', 'format'],
    ['AB12345C', 'format'],
    ['123456789', 'format'],
    ['AB-12-34-56-C', 'format'],
    ['AB1234567C', 'format'],
    ['A1123456C', 'format'],
    ['AB123456', 'format'],
    ...['DA', 'FA', 'IA', 'UA', 'VA', 'AD'].map((p) => [`${p}123456A`, 'prefix'] as const),
    ...['BG', 'KN', 'NK', 'NT', 'TN'].map((p) => [`${p}123456A`, 'unallocated'] as const),
    ['WP456123D', undefined],
  ];
  for (const [input, problem] of cases) {
    it(`finds ${String(problem)} in ${JSON.stringify(input)}`, () => {
      assert.equal(ninoProblem(input), problem);
    });
  }

  it('normalises and prints a number as on the card', () => {
    assert.equal(normaliseNino('jg 10 37 59 a'), 'JG103759A');
    assert.equal(displayNino('JG103759A'), 'JG 10 37 59 A');
  });
});
