/**
 * "Check what you could get": the benefit, then one question a page for that benefit's
 * estimate (benefits-api's estimate body), asked in order. Earnings may come from HMRC only for a
 * citizen who consented to it in their profile (the `hmrcConsent` fact).
 */
import type { JourneyPlan } from './journey-plan.ts';
import type { RouteCondition } from './question.ts';
import { CLAIM_BENEFITS } from './claim-plans.ts';

export const EARNINGS_SOURCES = ['declared', 'hmrc'] as const;
export const ESA_PHASES = ['assessment', 'work-related-activity', 'support'] as const;

export const isUniversalCredit: RouteCondition = (a) => a['benefit'] === 'universal-credit';
export const isJobseekers: RouteCondition = (a) => a['benefit'] === 'new-style-jsa';
export const isEmploymentSupport: RouteCondition = (a) => a['benefit'] === 'new-style-esa';
export const livesWithPartner: RouteCondition = (a) => isUniversalCredit(a, {}) && a['partner'] === true;
export const hasChildren: RouteCondition = (a) =>
  isUniversalCredit(a, {}) && typeof a['children'] === 'number' && a['children'] > 0;
export const hasDisabledChildren: RouteCondition = (a) =>
  hasChildren(a, {}) && typeof a['disabled-children'] === 'number' && a['disabled-children'] > 0;
/** HMRC is offered only to a citizen who agreed to it. */
export const mayAskHmrc: RouteCondition = (a, f) => isUniversalCredit(a, f) && f['hmrcConsent'] === true;
/** Pay is asked unless HMRC is to be asked for it. */
export const declaresEarnings: RouteCondition = (a, f) =>
  isUniversalCredit(a, f) && !(mayAskHmrc(a, f) && a['earnings-source'] === 'hmrc');
export const hasContributionsQuestion: RouteCondition = (a) => isJobseekers(a, {}) || isEmploymentSupport(a, {});

export const estimatePlan: JourneyPlan = {
  name: 'estimate',
  sections: [
    {
      id: 'about-you',
      questions: [
        { id: 'benefit', kind: { type: 'choice', options: CLAIM_BENEFITS } },
        { id: 'age', kind: { type: 'wholeNumber', min: 16, max: 130 } },
      ],
    },
    {
      id: 'universal-credit',
      questions: [
        { id: 'partner', kind: { type: 'yesNo' }, askIf: isUniversalCredit },
        { id: 'partner-age', kind: { type: 'wholeNumber', min: 16, max: 130 }, askIf: livesWithPartner },
        { id: 'children', kind: { type: 'wholeNumber', min: 0, max: 20 }, askIf: isUniversalCredit },
        {
          id: 'children-before-2017',
          kind: { type: 'wholeNumber', min: 0, max: 20, atMostAnswerTo: 'children' },
          askIf: hasChildren,
        },
        {
          id: 'disabled-children',
          kind: { type: 'wholeNumber', min: 0, max: 20, atMostAnswerTo: 'children' },
          askIf: hasChildren,
        },
        {
          id: 'disabled-children-higher',
          kind: { type: 'wholeNumber', min: 0, max: 20, atMostAnswerTo: 'disabled-children' },
          askIf: hasDisabledChildren,
        },
        { id: 'lcwra', kind: { type: 'yesNo' }, askIf: isUniversalCredit },
        { id: 'carer', kind: { type: 'yesNo' }, askIf: isUniversalCredit },
        { id: 'housing-costs', kind: { type: 'yesNo' }, askIf: isUniversalCredit },
        { id: 'childcare-costs', kind: { type: 'money' }, askIf: hasChildren },
        { id: 'earnings-source', kind: { type: 'choice', options: EARNINGS_SOURCES }, askIf: mayAskHmrc },
        { id: 'monthly-earnings', kind: { type: 'money' }, askIf: declaresEarnings },
        { id: 'other-income', kind: { type: 'money' }, askIf: isUniversalCredit },
        { id: 'savings', kind: { type: 'money' }, askIf: isUniversalCredit },
      ],
    },
    {
      id: 'new-style',
      questions: [
        { id: 'contributions', kind: { type: 'yesNo' }, askIf: hasContributionsQuestion },
        { id: 'hours-worked', kind: { type: 'wholeNumber', min: 0, max: 168 }, askIf: isJobseekers },
        { id: 'weekly-earnings', kind: { type: 'money' }, askIf: isJobseekers },
        { id: 'health-limits-work', kind: { type: 'yesNo' }, askIf: isEmploymentSupport },
        { id: 'esa-phase', kind: { type: 'choice', options: ESA_PHASES }, askIf: isEmploymentSupport },
      ],
    },
  ],
};
