import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOn, readDateInput, type DatePart } from './date-input.ts';

const TODAY = '2026-12-01';

describe('reading a GOV.UK date input', () => {
  // day | month | year | ISO date, or the problem and the parts in error
  const cases: ReadonlyArray<readonly [string, string, string, string | readonly [string, readonly DatePart[]]]> = [
    ['27', '3', '1985', '1985-03-27'],
    [' 1 ', '01', '2000', '2000-01-01'],
    ['27', 'Mar', '1985', '1985-03-27'],
    ['27', 'march', '1985', '1985-03-27'],
    ['29', '2', '2024', '2024-02-29'],
    ['', '', '', ['required', ['day', 'month', 'year']]],
    ['', '3', '1985', ['missingDay', ['day']]],
    ['27', '', '1985', ['missingMonth', ['month']]],
    ['27', '3', '', ['missingYear', ['year']]],
    ['', '', '1985', ['missingDayMonth', ['day', 'month']]],
    ['', '3', '', ['missingDayYear', ['day', 'year']]],
    ['27', '', '', ['missingMonthYear', ['month', 'year']]],
    ['32', '3', '1985', ['real', ['day']]],
    ['27', '13', '1985', ['real', ['month']]],
    ['27', 'Ma', '1985', ['real', ['month']]],
    ['x', 'y', 'z', ['real', ['day', 'month', 'year']]],
    ['29', '2', '2023', ['real', ['day']]],
    ['31', '4', '1985', ['real', ['day']]],
    ['27', '3', '85', ['yearDigits', ['year']]],
    ['1', '12', '2026', ['past', ['day', 'month', 'year']]],
    ['2', '12', '2026', ['past', ['day', 'month', 'year']]],
  ];
  for (const [day, month, year, expected] of cases) {
    it(`reads ${JSON.stringify([day, month, year])} as ${JSON.stringify(expected)}`, () => {
      const r = readDateInput({ day, month, year }, TODAY);
      if (typeof expected === 'string') assert.deepEqual(r, { ok: true, iso: expected });
      else assert.deepEqual(r, { ok: false, problem: expected[0], parts: expected[1] });
    });
  }

  it('counts whole years of age', () => {
    assert.equal(ageOn('2010-12-01', TODAY), 16);
    assert.equal(ageOn('2010-12-02', TODAY), 15);
  });
});
