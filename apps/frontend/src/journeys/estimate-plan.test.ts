import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaresEarnings, estimatePlan, hasDisabledChildren, mayAskHmrc } from './estimate-plan.ts';
import { childrenOf, estimateRequestOf } from './estimate-request.ts';
import { nextInPlan } from './journey-plan.ts';
import type { Answers, JourneyFacts } from './question.ts';

const uc: Answers = {
  benefit: 'universal-credit',
  age: 30,
  partner: false,
  children: 0,
  lcwra: false,
  carer: false,
  'housing-costs': true,
  'monthly-earnings': 80_000,
  'other-income': 0,
  savings: 0,
};

describe('the estimate plan', () => {
  // after | answers | facts | next question
  const cases: ReadonlyArray<[string, Answers, JourneyFacts, string | undefined]> = [
    ['benefit', { benefit: 'new-style-jsa' }, {}, 'age'],
    ['age', { benefit: 'universal-credit', age: 30 }, {}, 'partner'],
    ['age', { benefit: 'new-style-jsa', age: 30 }, {}, 'contributions'],
    ['age', { benefit: 'new-style-esa', age: 30 }, {}, 'contributions'],
    ['partner', { benefit: 'universal-credit', partner: true }, {}, 'partner-age'],
    ['partner', { benefit: 'universal-credit', partner: false }, {}, 'children'],
    ['children', { benefit: 'universal-credit', children: 0 }, {}, 'lcwra'],
    ['children', { benefit: 'universal-credit', children: 2 }, {}, 'children-before-2017'],
    ['disabled-children', { benefit: 'universal-credit', children: 2, 'disabled-children': 0 }, {}, 'lcwra'],
    [
      'disabled-children',
      { benefit: 'universal-credit', children: 2, 'disabled-children': 1 },
      {},
      'disabled-children-higher',
    ],
    ['housing-costs', { benefit: 'universal-credit', children: 0 }, {}, 'monthly-earnings'],
    ['housing-costs', { benefit: 'universal-credit', children: 0 }, { hmrcConsent: true }, 'earnings-source'],
    [
      'earnings-source',
      { benefit: 'universal-credit', 'earnings-source': 'hmrc' },
      { hmrcConsent: true },
      'other-income',
    ],
    [
      'earnings-source',
      { benefit: 'universal-credit', 'earnings-source': 'declared' },
      { hmrcConsent: true },
      'monthly-earnings',
    ],
    ['savings', uc, {}, undefined],
    ['contributions', { benefit: 'new-style-jsa' }, {}, 'hours-worked'],
    ['weekly-earnings', { benefit: 'new-style-jsa' }, {}, undefined],
    ['contributions', { benefit: 'new-style-esa' }, {}, 'health-limits-work'],
    ['esa-phase', { benefit: 'new-style-esa' }, {}, undefined],
  ];
  for (const [after, answers, facts, next] of cases) {
    it(`goes from ${after} to ${next ?? 'the result'} with ${JSON.stringify(answers)} ${JSON.stringify(facts)}`, () => {
      assert.equal(nextInPlan(estimatePlan, after, answers, facts)?.id, next);
    });
  }

  it("offers HMRC income only with the citizen's consent, and asks pay otherwise", () => {
    assert.equal(mayAskHmrc(uc, {}), false);
    assert.equal(mayAskHmrc(uc, { hmrcConsent: true }), true);
    assert.equal(
      declaresEarnings({ ...uc, 'earnings-source': 'hmrc' }, {}),
      true,
      'an HMRC answer without consent does not count',
    );
    assert.equal(hasDisabledChildren({ benefit: 'universal-credit', children: 1, 'disabled-children': 1 }, {}), true);
  });
});

describe('the estimate request', () => {
  it('describes a Universal Credit household with declared pay', () => {
    assert.deepEqual(estimateRequestOf(uc, {}), {
      benefit: 'universal-credit',
      household: {
        claimantAge: 30,
        children: [],
        lcwra: false,
        carer: false,
        housingCosts: true,
        childcareCostsPence: 0,
      },
      earnings: { source: 'declared', monthlyPence: 80_000 },
      otherIncomeMonthlyPence: 0,
      capitalPence: 0,
    });
  });

  it('asks HMRC for pay when the citizen chose it and consented', () => {
    const { 'monthly-earnings': _pay, ...rest } = uc;
    const req = estimateRequestOf({ ...rest, 'earnings-source': 'hmrc' }, { hmrcConsent: true });
    assert.deepEqual(req && 'earnings' in req ? req.earnings : undefined, { source: 'hmrc' });
  });

  it('is not ready while an asked question is unanswered', () => {
    assert.equal(estimateRequestOf({ benefit: 'new-style-jsa', age: 40 }, {}), undefined);
  });

  it('describes new style JSA and ESA', () => {
    assert.deepEqual(
      estimateRequestOf(
        { benefit: 'new-style-jsa', age: 40, contributions: true, 'hours-worked': 10, 'weekly-earnings': 5_000 },
        {},
      ),
      {
        benefit: 'new-style-jsa',
        age: 40,
        contributionConditionsMet: true,
        hoursWorkedPerWeek: 10,
        weeklyEarningsPence: 5_000,
      },
    );
    assert.deepEqual(
      estimateRequestOf(
        { benefit: 'new-style-esa', age: 40, contributions: false, 'health-limits-work': true, 'esa-phase': 'support' },
        {},
      ),
      {
        benefit: 'new-style-esa',
        age: 40,
        contributionConditionsMet: false,
        healthConditionLimitsWork: true,
        phase: 'support',
      },
    );
  });

  // count | before 2017 | disabled | higher | children
  const children: ReadonlyArray<[number, number, number, number, ReturnType<typeof childrenOf>]> = [
    [0, 0, 0, 0, []],
    [2, 1, 0, 0, [{ bornBefore6April2017: true }, { bornBefore6April2017: false }]],
    [
      3,
      0,
      2,
      1,
      [
        { bornBefore6April2017: false },
        { bornBefore6April2017: false, disability: 'lower' },
        { bornBefore6April2017: false, disability: 'higher' },
      ],
    ],
  ];
  for (const [count, before, disabled, higher, expected] of children) {
    it(`describes ${count} children, ${before} born before 6 April 2017, ${disabled} disabled (${higher} higher rate)`, () => {
      assert.deepEqual(childrenOf(count, before, disabled, higher), expected);
    });
  }
});
