/**
 * A Universal Credit estimate for one monthly assessment period: the maximum amount (standard
 * allowance and elements), less 55 % of earnings above any work allowance, less unearned income
 * and tariff income from capital. Pure; every amount in pence.
 */
import type { RateTable } from '../rates/rate-codes.ts';
import { assessCapital } from './capital.ts';
import { line, reason, type EstimateLine, type Reason } from './estimate-codes.ts';
import { percentOf, roundPence } from './money.ts';
import { rate } from './rate-lookup.ts';

export interface UcChild {
  /** Born before 6 April 2017 (the higher first-child rate, and outside the two-child limit). */
  readonly bornBefore6April2017: boolean;
  readonly disability?: 'lower' | 'higher';
  /** An exception to the two-child limit (multiple birth, adoption, non-consensual conception...). */
  readonly twoChildLimitException?: boolean;
}

export interface UcHousehold {
  readonly claimantAge: number;
  /** For a joint claim. */
  readonly partnerAge?: number;
  readonly children: readonly UcChild[];
  /** Limited capability for work and work-related activity (the claimant or partner). */
  readonly lcwra: boolean;
  /** Caring for a severely disabled person for 35 hours a week or more. */
  readonly carer: boolean;
  /** The award includes help with housing costs (so the lower work allowance applies). */
  readonly housingCosts: boolean;
  /** Childcare costs paid in the month. */
  readonly childcareCostsPence: number;
}

export interface UcMeans {
  /** Take-home earnings of the household in the month. */
  readonly earningsPence: number;
  /** Other income that reduces UC pound for pound (new style JSA or ESA, pensions...). */
  readonly unearnedIncomePence: number;
  readonly capitalPence: number;
}

/** A line of the estimate: its stable code (and params), its English label and its amount. */
export type UcLine = EstimateLine;

export type UcEstimate =
  | { readonly eligible: false; readonly reasons: readonly Reason[] }
  | {
      readonly eligible: true;
      readonly monthlyAwardPence: number;
      readonly maximumAmountPence: number;
      readonly elements: readonly UcLine[];
      readonly deductions: readonly UcLine[];
      readonly workAllowancePence: number;
    };

function standardAllowance(h: UcHousehold, rates: RateTable): UcLine {
  if (h.partnerAge === undefined) {
    return h.claimantAge < 25
      ? line('uc.standard-allowance.single-under-25', rate(rates, 'uc.standard.single_under_25'))
      : line('uc.standard-allowance.single-25-or-over', rate(rates, 'uc.standard.single_25_or_over'));
  }
  return h.claimantAge < 25 && h.partnerAge < 25
    ? line('uc.standard-allowance.couple-both-under-25', rate(rates, 'uc.standard.joint_both_under_25'))
    : line('uc.standard-allowance.couple-25-or-over', rate(rates, 'uc.standard.joint_one_or_both_25_or_over'));
}

function childElements(h: UcHousehold, rates: RateTable): UcLine[] {
  const limit = rate(rates, 'uc.two_child_limit') === 1;
  // Older children first: the first child born before 6 April 2017 gets the higher rate.
  const ordered = [...h.children].sort((a, b) => Number(b.bornBefore6April2017) - Number(a.bornBefore6April2017));
  const lines: UcLine[] = [];
  let counted = 0;
  ordered.forEach((child, i) => {
    const allowed = !limit || counted < 2 || child.bornBefore6April2017 || child.twoChildLimitException;
    if (allowed) {
      const first = i === 0 && child.bornBefore6April2017;
      lines.push(
        first
          ? line('uc.child-element.first-born-before-2017', rate(rates, 'uc.child.first_born_before_2017'))
          : line('uc.child-element.other', rate(rates, 'uc.child.other')),
      );
      counted++;
    }
    if (child.disability) {
      lines.push(
        child.disability === 'higher'
          ? line('uc.disabled-child-addition.higher', rate(rates, 'uc.disabled_child.higher'))
          : line('uc.disabled-child-addition.lower', rate(rates, 'uc.disabled_child.lower')),
      );
    }
  });
  return lines;
}

export function estimateUniversalCredit(h: UcHousehold, m: UcMeans, rates: RateTable): UcEstimate {
  const reasons: Reason[] = [];
  if (h.claimantAge < 18) reasons.push(reason('uc.under-18'));
  const capital = assessCapital(m.capitalPence, rates);
  if (capital.overLimit)
    reasons.push(reason('uc.capital-over-limit', { limitPence: rate(rates, 'uc.capital.upper_limit') }));
  if (reasons.length) return { eligible: false, reasons };
  const tariff = capital.overLimit ? 0 : capital.tariffIncomePence;

  const elements: UcLine[] = [standardAllowance(h, rates), ...childElements(h, rates)];
  if (h.lcwra) elements.push(line('uc.lcwra', rate(rates, 'uc.lcwra')));
  if (h.carer) elements.push(line('uc.carer', rate(rates, 'uc.carer')));
  if (h.childcareCostsPence > 0 && h.children.length > 0) {
    const cap = rate(rates, h.children.length >= 2 ? 'uc.childcare.max_two_or_more' : 'uc.childcare.max_one_child');
    elements.push(
      line(
        'uc.childcare',
        Math.min(percentOf(h.childcareCostsPence, rate(rates, 'uc.childcare.percent_covered')), cap),
      ),
    );
  }
  const maximum = elements.reduce((sum, e) => sum + e.pence, 0);

  // A work allowance only for those responsible for a child or with limited capability for work.
  const hasWorkAllowance = h.children.length > 0 || h.lcwra;
  const allowanceCode = h.housingCosts ? 'uc.work_allowance.with_housing' : 'uc.work_allowance.without_housing';
  // Without earnings the allowance changes nothing, so an unpublished one need not stop the estimate.
  const workAllowance = !hasWorkAllowance
    ? 0
    : m.earningsPence > 0
      ? rate(rates, allowanceCode)
      : (rates.get(allowanceCode)?.amount ?? 0);
  const earningsDeduction = percentOf(Math.max(0, m.earningsPence - workAllowance), rate(rates, 'uc.taper_percent'));

  const deductions: UcLine[] = [];
  if (earningsDeduction > 0)
    deductions.push(line('uc.earnings-taper', earningsDeduction, { percent: rate(rates, 'uc.taper_percent') }));
  if (m.unearnedIncomePence > 0) deductions.push(line('uc.other-income', m.unearnedIncomePence));
  if (tariff > 0)
    deductions.push(line('uc.savings-tariff', tariff, { thresholdPence: rate(rates, 'uc.capital.lower_limit') }));
  const award = Math.max(0, roundPence(maximum - deductions.reduce((s, d) => s + d.pence, 0)));
  if (award === 0) return { eligible: false, reasons: [reason('uc.income-too-high')] };
  return {
    eligible: true,
    monthlyAwardPence: award,
    maximumAmountPence: maximum,
    elements,
    deductions,
    workAllowancePence: workAllowance,
  };
}
