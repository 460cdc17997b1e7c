import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { line, LINE_CODES, lineCodeOf, reason, REASON_CODES, reasonCodeOf } from './estimate-codes.ts';

describe('estimate codes', () => {
  it('are unique, kebab-case and dotted', () => {
    for (const codes of [LINE_CODES, REASON_CODES]) {
      assert.equal(new Set(codes).size, codes.length);
      for (const c of codes) assert.match(c, /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/, c);
    }
    // No code is the start of another: each is one message in a catalogue's tree of keys.
    for (const codes of [LINE_CODES, REASON_CODES])
      for (const c of codes) assert.ok(!codes.some((o) => o.startsWith(`${c}.`)), c);
  });

  it('word each code in English, with its values (money in pounds)', () => {
    assert.deepEqual(line('uc.earnings-taper', 100, { percent: 55 }), {
      code: 'uc.earnings-taper',
      params: { percent: 55 },
      label: 'Earnings: 55% of earnings above the work allowance',
      pence: 100,
    });
    assert.equal(
      reason('uc.capital-over-limit', { limitPence: 1_600_050 }).text,
      'Your savings and capital are over 16,000.50 GBP',
    );
    assert.deepEqual(line('uc.carer', 5), { code: 'uc.carer', label: 'Carer element', pence: 5 });
  });

  it('read English words back into their code, for estimates stored before codes', () => {
    assert.deepEqual(lineCodeOf('Standard allowance (single, 25 or over)'), {
      code: 'uc.standard-allowance.single-25-or-over',
    });
    assert.deepEqual(lineCodeOf('Child element'), { code: 'uc.child-element.other' });
    assert.deepEqual(lineCodeOf('Earnings: 55% of earnings above the work allowance'), {
      code: 'uc.earnings-taper',
      params: { percent: 55 },
    });
    assert.deepEqual(lineCodeOf('Assumed income from savings over 6,000 GBP'), {
      code: 'uc.savings-tariff',
      params: { thresholdPence: 600000 },
    });
    assert.deepEqual(reasonCodeOf('You must work fewer than 16 hours a week'), {
      code: 'jsa.hours-limit',
      params: { hours: 16 },
    });
    assert.deepEqual(reasonCodeOf('Your savings and capital are over 16,000 GBP'), {
      code: 'uc.capital-over-limit',
      params: { limitPence: 1_600_000 },
    });
    assert.equal(lineCodeOf('Housing costs'), undefined);
    assert.equal(reasonCodeOf('You must be 18 or over, really'), undefined);
  });

  it('read back every code from its own English words', () => {
    const params = { percent: 55, thresholdPence: 600000, limitPence: 1_600_000, hours: 16 };
    for (const code of LINE_CODES) assert.equal(lineCodeOf(line(code, 0, params).label)?.code, code);
    for (const code of REASON_CODES) assert.equal(reasonCodeOf(reason(code, params).text)?.code, code);
  });
});
