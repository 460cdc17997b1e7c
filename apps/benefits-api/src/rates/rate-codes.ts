/** The rates a calculation may ask for, and the unit each is in. */

export const RATE_CODES = [
  'uc.standard.single_under_25',
  'uc.standard.single_25_or_over',
  'uc.standard.joint_both_under_25',
  'uc.standard.joint_one_or_both_25_or_over',
  'uc.child.first_born_before_2017',
  'uc.child.other',
  'uc.disabled_child.lower',
  'uc.disabled_child.higher',
  'uc.lcwra',
  'uc.carer',
  'uc.childcare.max_one_child',
  'uc.childcare.max_two_or_more',
  'uc.childcare.percent_covered',
  'uc.work_allowance.with_housing',
  'uc.work_allowance.without_housing',
  'uc.taper_percent',
  'uc.capital.lower_limit',
  'uc.capital.upper_limit',
  'uc.capital.tariff_per_step',
  'uc.capital.tariff_step',
  'uc.two_child_limit',
  'jsa.personal.under_25',
  'jsa.personal.25_or_over',
  'esa.assessment.under_25',
  'esa.assessment.25_or_over',
  'esa.main_phase',
  'esa.support_component',
] as const;
export type RateCode = (typeof RATE_CODES)[number];

/** `pence_per_month`, `pence_per_week`, `pence` (a capital amount), `percent` (whole percent) or `flag` (1 = applies). */
export const RATE_UNITS = ['pence_per_month', 'pence_per_week', 'pence', 'percent', 'flag'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

export interface Rate {
  readonly code: RateCode;
  readonly amount: number;
  readonly unit: RateUnit;
  /** Where the figure comes from, so anyone can check it. */
  readonly source: string;
}

export type TaxYear = '2025-26' | '2026-27';
export const TAX_YEARS: readonly TaxYear[] = ['2025-26', '2026-27'];

/** The rates of one tax year; a code that is missing has not been published. */
export type RateTable = ReadonlyMap<RateCode, Rate>;
