/**
 * Rates for the 2025/26 tax year (6 April 2025 to 5 April 2026), in pence. Frozen: migration 2
 * loads exactly these; a correction is a new migration.
 */
import type { Rate } from './rate-codes.ts';

const RATES_2025_26 =
  'https://www.gov.uk/government/publications/benefit-and-pension-rates-2025-to-2026/benefit-and-pension-rates-2025-to-2026';
const UC_REGS = 'https://www.legislation.gov.uk/uksi/2013/376 (Universal Credit Regulations 2013)';
const UC_GUIDE = 'https://www.gov.uk/universal-credit/what-youll-get';

export const RATES_2025_26_TABLE: readonly Rate[] = [
  { code: 'uc.standard.single_under_25', amount: 31698, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.standard.single_25_or_over', amount: 40014, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.standard.joint_both_under_25', amount: 49755, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.standard.joint_one_or_both_25_or_over', amount: 62810, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.child.first_born_before_2017', amount: 33900, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.child.other', amount: 29281, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.disabled_child.lower', amount: 15876, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.disabled_child.higher', amount: 49587, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.lcwra', amount: 42327, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.carer', amount: 20168, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.childcare.max_one_child', amount: 103188, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.childcare.max_two_or_more', amount: 176894, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.childcare.percent_covered', amount: 85, unit: 'percent', source: UC_GUIDE },
  { code: 'uc.work_allowance.with_housing', amount: 41100, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.work_allowance.without_housing', amount: 68400, unit: 'pence_per_month', source: RATES_2025_26 },
  { code: 'uc.taper_percent', amount: 55, unit: 'percent', source: `${UC_REGS}, regulation 22` },
  { code: 'uc.capital.lower_limit', amount: 600000, unit: 'pence', source: `${UC_REGS}, regulation 72` },
  { code: 'uc.capital.upper_limit', amount: 1600000, unit: 'pence', source: `${UC_REGS}, regulation 18` },
  { code: 'uc.capital.tariff_per_step', amount: 435, unit: 'pence_per_month', source: `${UC_REGS}, regulation 72` },
  { code: 'uc.capital.tariff_step', amount: 25000, unit: 'pence', source: `${UC_REGS}, regulation 72` },
  { code: 'uc.two_child_limit', amount: 1, unit: 'flag', source: `${UC_REGS}, regulation 24A` },
  { code: 'jsa.personal.under_25', amount: 7290, unit: 'pence_per_week', source: RATES_2025_26 },
  { code: 'jsa.personal.25_or_over', amount: 9205, unit: 'pence_per_week', source: RATES_2025_26 },
  { code: 'esa.assessment.under_25', amount: 7290, unit: 'pence_per_week', source: RATES_2025_26 },
  { code: 'esa.assessment.25_or_over', amount: 9205, unit: 'pence_per_week', source: RATES_2025_26 },
  { code: 'esa.main_phase', amount: 9205, unit: 'pence_per_week', source: RATES_2025_26 },
  { code: 'esa.support_component', amount: 4850, unit: 'pence_per_week', source: RATES_2025_26 },
];
