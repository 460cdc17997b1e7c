import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atLeast, atMost, below, verdicts } from './target.ts';

describe('judging a figure against its target', () => {
  // judge | value | limit | met
  const cases: Array<[string, typeof atLeast, number, number, boolean]> = [
    ['atLeast', atLeast, 95, 95, true],
    ['atLeast', atLeast, 94, 95, false],
    ['atMost', atMost, 30720, 30720, true],
    ['atMost', atMost, 30721, 30720, false],
    ['below', below, 49, 50, true],
    ['below', below, 50, 50, false],
  ];
  for (const [name, judge, value, limit, met] of cases) {
    it(`${name}(${value}, ${limit}) is ${met ? 'met' : 'missed'}`, () => {
      assert.equal(judge(value, limit, 'x').met, met);
    });
  }

  it('says which targets were missed, with the figure and the target', () => {
    assert.equal(
      verdicts({ score: atLeast(100, 100, 'score'), p99: below(61, 50, 'ms') }),
      'score met, p99 MISSED (61 ms, target < 50)',
    );
  });
});
