/**
 * New style Jobseeker's Allowance and Employment and Support Allowance: contributory benefits, paid
 * at a personal rate by age whatever the household's savings or partner's income. Pure; pence.
 * Part-time earnings (under 16 hours a week) reduce JSA pound for pound above the 5 GBP weekly
 * disregard (Jobseeker's Allowance Regulations 2013, regulation 59 and schedule 1).
 */
import type { RateTable } from '../rates/rate-codes.ts';
import { reason, type LineCode, type Reason } from './estimate-codes.ts';
import { weeklyToMonthly } from './money.ts';
import { rate } from './rate-lookup.ts';

/** State Pension age for people born after 5 October 1954 until April 2026. */
export const STATE_PENSION_AGE = 66;
/** Weekly earnings ignored for new style JSA. */
export const JSA_EARNINGS_DISREGARD_PENCE = 500;
export const JSA_MAX_HOURS = 16;

export interface ContributoryClaimant {
  readonly age: number;
  /** Enough Class 1 (or Class 2) National Insurance contributions in the last 2 to 3 tax years. */
  readonly contributionConditionsMet: boolean;
  readonly hoursWorkedPerWeek: number;
  readonly weeklyEarningsPence: number;
}

export type ContributoryEstimate =
  | { readonly eligible: false; readonly reasons: readonly Reason[] }
  | {
      readonly eligible: true;
      readonly weeklyAwardPence: number;
      readonly monthlyEquivalentPence: number;
      /** The rate paid: its stable code (the estimate's one line). */
      readonly rateCode: LineCode;
    };

function common(c: ContributoryClaimant): Reason[] {
  const reasons: Reason[] = [];
  if (c.age < 18) reasons.push(reason('new-style.under-18'));
  if (c.age >= STATE_PENSION_AGE) reasons.push(reason('new-style.state-pension-age'));
  if (!c.contributionConditionsMet) reasons.push(reason('new-style.ni-contributions'));
  return reasons;
}

export function estimateNewStyleJsa(c: ContributoryClaimant, rates: RateTable): ContributoryEstimate {
  const reasons = common(c);
  if (c.hoursWorkedPerWeek >= JSA_MAX_HOURS) reasons.push(reason('jsa.hours-limit', { hours: JSA_MAX_HOURS }));
  if (reasons.length) return { eligible: false, reasons };
  const personal = rate(rates, c.age < 25 ? 'jsa.personal.under_25' : 'jsa.personal.25_or_over');
  const weekly = Math.max(0, personal - Math.max(0, c.weeklyEarningsPence - JSA_EARNINGS_DISREGARD_PENCE));
  if (weekly === 0) return { eligible: false, reasons: [reason('jsa.earnings-too-high')] };
  return {
    eligible: true,
    weeklyAwardPence: weekly,
    monthlyEquivalentPence: weeklyToMonthly(weekly),
    rateCode: c.age < 25 ? 'jsa.personal.under-25' : 'jsa.personal.25-or-over',
  };
}

export interface EsaClaimant extends ContributoryClaimant {
  /** A health condition or disability that limits how much the claimant can work. */
  readonly healthConditionLimitsWork: boolean;
  /** After the 13-week assessment phase: the work capability assessment's outcome. */
  readonly phase: 'assessment' | 'work-related-activity' | 'support';
}

export function estimateNewStyleEsa(c: EsaClaimant, rates: RateTable): ContributoryEstimate {
  const reasons = common(c);
  if (!c.healthConditionLimitsWork) reasons.push(reason('esa.health-condition'));
  if (reasons.length) return { eligible: false, reasons };
  let weekly: number;
  let code: LineCode;
  switch (c.phase) {
    case 'assessment':
      weekly = rate(rates, c.age < 25 ? 'esa.assessment.under_25' : 'esa.assessment.25_or_over');
      code = c.age < 25 ? 'esa.assessment.under-25' : 'esa.assessment.25-or-over';
      break;
    case 'work-related-activity':
      weekly = rate(rates, 'esa.main_phase');
      code = 'esa.work-related-activity';
      break;
    case 'support':
      weekly = rate(rates, 'esa.main_phase') + rate(rates, 'esa.support_component');
      code = 'esa.support';
      break;
    default: {
      const never: never = c.phase;
      throw new Error(`Unexpected ESA phase ${String(never)}`);
    }
  }
  return {
    eligible: true,
    weeklyAwardPence: weekly,
    monthlyEquivalentPence: weeklyToMonthly(weekly),
    rateCode: code,
  };
}
