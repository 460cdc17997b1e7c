/**
 * A completed "Check what you could get" journey as benefits-api's estimate body
 * (apps/benefits-api/src/routes/estimate-schemas.ts). Pure; undefined while answers are missing.
 */
import type { Answers, JourneyFacts } from './question.ts';
import { estimatePlan } from './estimate-plan.ts';
import { isComplete } from './journey-plan.ts';

export type EstimateRequest =
  | {
      readonly benefit: 'universal-credit';
      readonly household: {
        readonly claimantAge: number;
        readonly partnerAge?: number;
        readonly children: ReadonlyArray<{
          readonly bornBefore6April2017: boolean;
          readonly disability?: 'lower' | 'higher';
        }>;
        readonly lcwra: boolean;
        readonly carer: boolean;
        readonly housingCosts: boolean;
        readonly childcareCostsPence: number;
      };
      readonly earnings: { readonly source: 'declared'; readonly monthlyPence: number } | { readonly source: 'hmrc' };
      readonly otherIncomeMonthlyPence: number;
      readonly capitalPence: number;
    }
  | {
      readonly benefit: 'new-style-jsa';
      readonly age: number;
      readonly contributionConditionsMet: boolean;
      readonly hoursWorkedPerWeek: number;
      readonly weeklyEarningsPence: number;
    }
  | {
      readonly benefit: 'new-style-esa';
      readonly age: number;
      readonly contributionConditionsMet: boolean;
      readonly healthConditionLimitsWork: boolean;
      readonly phase: 'assessment' | 'work-related-activity' | 'support';
    };

const num = (a: Answers, id: string): number => (typeof a[id] === 'number' ? a[id] : 0);
const yes = (a: Answers, id: string): boolean => a[id] === true;

/**
 * Children are described by counts: the first `before` were born before 6 April 2017, and the
 * disabled ones (the higher rate first) are counted from the youngest, which changes no amount.
 */
export function childrenOf(
  count: number,
  before: number,
  disabled: number,
  higher: number,
): Array<{ bornBefore6April2017: boolean; disability?: 'lower' | 'higher' }> {
  return Array.from({ length: count }, (_, i) => {
    const fromYoungest = count - 1 - i;
    const disability = fromYoungest < higher ? 'higher' : fromYoungest < disabled ? 'lower' : undefined;
    return { bornBefore6April2017: i < before, ...(disability ? { disability } : {}) };
  });
}

export function estimateRequestOf(answers: Answers, facts: JourneyFacts): EstimateRequest | undefined {
  if (!isComplete(estimatePlan, answers, facts)) return undefined;
  const age = num(answers, 'age');
  switch (answers['benefit']) {
    case 'universal-credit': {
      const children = num(answers, 'children');
      return {
        benefit: 'universal-credit',
        household: {
          claimantAge: age,
          ...(yes(answers, 'partner') ? { partnerAge: num(answers, 'partner-age') } : {}),
          children: childrenOf(
            children,
            num(answers, 'children-before-2017'),
            num(answers, 'disabled-children'),
            num(answers, 'disabled-children-higher'),
          ),
          lcwra: yes(answers, 'lcwra'),
          carer: yes(answers, 'carer'),
          housingCosts: yes(answers, 'housing-costs'),
          childcareCostsPence: num(answers, 'childcare-costs'),
        },
        earnings:
          answers['earnings-source'] === 'hmrc' && facts['hmrcConsent'] === true
            ? { source: 'hmrc' }
            : { source: 'declared', monthlyPence: num(answers, 'monthly-earnings') },
        otherIncomeMonthlyPence: num(answers, 'other-income'),
        capitalPence: num(answers, 'savings'),
      };
    }
    case 'new-style-jsa':
      return {
        benefit: 'new-style-jsa',
        age,
        contributionConditionsMet: yes(answers, 'contributions'),
        hoursWorkedPerWeek: num(answers, 'hours-worked'),
        weeklyEarningsPence: num(answers, 'weekly-earnings'),
      };
    case 'new-style-esa': {
      const phase = answers['esa-phase'];
      return {
        benefit: 'new-style-esa',
        age,
        contributionConditionsMet: yes(answers, 'contributions'),
        healthConditionLimitsWork: yes(answers, 'health-limits-work'),
        phase: phase === 'work-related-activity' || phase === 'support' ? phase : 'assessment',
      };
    }
    default:
      return undefined;
  }
}
