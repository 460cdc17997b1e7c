/** Which plan a claim's benefit follows. */
import { employmentSupportAllowancePlan } from './employment-support-allowance-plan.ts';
import type { JourneyPlan } from './journey-plan.ts';
import { jobseekersAllowancePlan } from './jobseekers-allowance-plan.ts';
import { universalCreditPlan } from './universal-credit-plan.ts';

export const CLAIM_BENEFITS = ['universal-credit', 'new-style-jsa', 'new-style-esa'] as const;
export type ClaimBenefit = (typeof CLAIM_BENEFITS)[number];

export const CLAIM_PLANS: Readonly<Record<ClaimBenefit, JourneyPlan>> = {
  'universal-credit': universalCreditPlan,
  'new-style-jsa': jobseekersAllowancePlan,
  'new-style-esa': employmentSupportAllowancePlan,
};
