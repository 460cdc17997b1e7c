/** The Universal Credit application: where you live, your household, work and money, health. */
import type { JourneyPlan } from './journey-plan.ts';
import type { RouteCondition } from './question.ts';

export const HOME_TYPES = ['renting-privately', 'renting-social', 'own-home', 'living-with-others', 'other'] as const;

/** Rent is asked of someone who rents, privately or from a council or housing association. */
export const paysRent: RouteCondition = (a) =>
  a['home-type'] === 'renting-privately' || a['home-type'] === 'renting-social';
export const livesWithPartner: RouteCondition = (a) => a['partner'] === true;
export const hasChildren: RouteCondition = (a) => typeof a['children'] === 'number' && a['children'] > 0;
export const isWorking: RouteCondition = (a) => a['working'] === true;
export const hasHealthCondition: RouteCondition = (a) => a['health-condition'] === true;

export const universalCreditPlan: JourneyPlan = {
  name: 'universal-credit',
  sections: [
    {
      id: 'where-you-live',
      questions: [
        { id: 'home-type', kind: { type: 'choice', options: HOME_TYPES } },
        { id: 'monthly-rent', kind: { type: 'money' }, askIf: paysRent },
      ],
    },
    {
      id: 'household',
      questions: [
        { id: 'partner', kind: { type: 'yesNo' } },
        { id: 'partner-name', kind: { type: 'text', maxLength: 100 }, askIf: livesWithPartner },
        { id: 'children', kind: { type: 'wholeNumber', min: 0, max: 20 } },
        { id: 'childcare-costs', kind: { type: 'money' }, askIf: hasChildren },
      ],
    },
    {
      id: 'work-and-money',
      questions: [
        { id: 'working', kind: { type: 'yesNo' } },
        { id: 'monthly-earnings', kind: { type: 'money' }, askIf: isWorking },
        { id: 'savings', kind: { type: 'money' } },
        { id: 'other-income', kind: { type: 'money' } },
      ],
    },
    {
      id: 'health',
      questions: [
        { id: 'health-condition', kind: { type: 'yesNo' } },
        { id: 'health-details', kind: { type: 'text', maxLength: 1200, multiline: true }, askIf: hasHealthCondition },
      ],
    },
  ],
};
