import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moneyInputValue, parseMoney } from './money-input.ts';

describe('money as people type it', () => {
  // input | expected
  const cases: ReadonlyArray<[string, ReturnType<typeof parseMoney>]> = [
    ['600', { ok: true, pence: 60_000 }],
    ['193.54', { ok: true, pence: 19_354 }],
    ['£1,234.56', { ok: true, pence: 123_456 }],
    [' £ 1 234 ', { ok: true, pence: 123_400 }],
    ['0', { ok: true, pence: 0 }],
    ['12.5', { ok: true, pence: 1_250 }],
    ['1,000,000', { ok: true, pence: 100_000_000 }],
    ['', { ok: false, problem: 'empty' }],
    ['£', { ok: false, problem: 'empty' }],
    ['12.345', { ok: false, problem: 'format' }],
    ['1,23', { ok: false, problem: 'format' }],
    ['-5', { ok: false, problem: 'format' }],
    ['ten pounds', { ok: false, problem: 'format' }],
    ['1e5', { ok: false, problem: 'format' }],
    ['10000001', { ok: false, problem: 'tooLarge' }],
    ['9'.repeat(30), { ok: false, problem: 'tooLarge' }],
  ];
  for (const [input, expected] of cases) {
    it(`reads ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseMoney(input), expected);
    });
  }

  it('writes pence back as a citizen would type them', () => {
    assert.deepEqual([60_000, 19_354, 1_250, 5].map(moneyInputValue), ['600', '193.54', '12.50', '0.05']);
  });
});
