import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PUBLISHED_RATES } from '../rates/rate-tables.ts';
import { estimateNewStyleEsa, estimateNewStyleJsa } from './new-style-benefits.ts';

const rates = PUBLISHED_RATES['2025-26'];
const claimant = { age: 30, contributionConditionsMet: true, hoursWorkedPerWeek: 0, weeklyEarningsPence: 0 };

describe('new style JSA and ESA (2025/26)', () => {
  it('pays new style JSA at 92.05 GBP a week at 25 or over and 72.90 GBP under 25', () => {
    assert.deepEqual(estimateNewStyleJsa(claimant, rates), {
      eligible: true,
      weeklyAwardPence: 9205,
      monthlyEquivalentPence: 39888,
      rateCode: 'jsa.personal.25-or-over',
    });
    const young = estimateNewStyleJsa({ ...claimant, age: 21 }, rates);
    assert.ok(young.eligible && young.weeklyAwardPence === 7290);
  });

  it('takes part-time earnings above 5 GBP a week off JSA, and refuses 16 hours or more of work', () => {
    const part = estimateNewStyleJsa({ ...claimant, hoursWorkedPerWeek: 10, weeklyEarningsPence: 4000 }, rates);
    assert.ok(part.eligible && part.weeklyAwardPence === 9205 - 3500);
    assert.equal(estimateNewStyleJsa({ ...claimant, hoursWorkedPerWeek: 16 }, rates).eligible, false);
  });

  it('refuses JSA without enough National Insurance contributions, or at State Pension age', () => {
    const r = estimateNewStyleJsa({ ...claimant, contributionConditionsMet: false, age: 66 }, rates);
    assert.equal(r.eligible, false);
    assert.equal(r.reasons.length, 2);
  });

  it('codes each reason, with the English words and the values they need', () => {
    const r = estimateNewStyleJsa({ ...claimant, age: 17, hoursWorkedPerWeek: 20 }, rates);
    assert.ok(!r.eligible);
    assert.deepEqual(r.reasons, [
      { code: 'new-style.under-18', text: 'You must be 18 or over' },
      { code: 'jsa.hours-limit', params: { hours: 16 }, text: 'You must work fewer than 16 hours a week' },
    ]);
    const earnings = estimateNewStyleJsa({ ...claimant, hoursWorkedPerWeek: 10, weeklyEarningsPence: 20000 }, rates);
    assert.deepEqual(!earnings.eligible && earnings.reasons.map((x) => x.code), ['jsa.earnings-too-high']);
    const esa = estimateNewStyleEsa(
      { ...claimant, age: 70, contributionConditionsMet: false, healthConditionLimitsWork: false, phase: 'assessment' },
      rates,
    );
    assert.deepEqual(!esa.eligible && esa.reasons.map((x) => x.code), [
      'new-style.state-pension-age',
      'new-style.ni-contributions',
      'esa.health-condition',
    ]);
  });

  it('pays ESA at the assessment rate, then the main phase, with the support component in the support group', () => {
    const esa = { ...claimant, healthConditionLimitsWork: true };
    const at = (phase: 'assessment' | 'work-related-activity' | 'support', age = 30) => {
      const r = estimateNewStyleEsa({ ...esa, phase, age }, rates);
      return r.eligible ? r.weeklyAwardPence : -1;
    };
    assert.deepEqual(
      [at('assessment', 22), at('assessment'), at('work-related-activity'), at('support')],
      [7290, 9205, 9205, 9205 + 4850],
    );
    const code = (phase: 'assessment' | 'work-related-activity' | 'support', age = 30) => {
      const r = estimateNewStyleEsa({ ...esa, phase, age }, rates);
      return r.eligible ? r.rateCode : undefined;
    };
    assert.deepEqual(
      [code('assessment', 22), code('assessment'), code('work-related-activity'), code('support')],
      ['esa.assessment.under-25', 'esa.assessment.25-or-over', 'esa.work-related-activity', 'esa.support'],
    );
    const young = estimateNewStyleJsa({ ...claimant, age: 21 }, rates);
    assert.equal(young.eligible && young.rateCode, 'jsa.personal.under-25');
    assert.equal(
      estimateNewStyleEsa({ ...esa, healthConditionLimitsWork: false, phase: 'assessment' }, rates).eligible,
      false,
    );
  });
});
