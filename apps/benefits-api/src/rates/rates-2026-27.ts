/**
 * Rates for 2026/27 that DWP has published ("Proposed benefit and pension rates 2026 to 2027",
 * updated 12 January 2026). Only figures we could check are here; a calculation that needs one
 * that is missing says so rather than guessing. Frozen: migration 3 loads exactly these.
 */
import type { Rate } from './rate-codes.ts';

const RATES_2026_27 =
  'https://www.gov.uk/government/publications/benefit-and-pension-rates-2026-to-2027/proposed-benefit-and-pension-rates-2026-to-2027';
const UC_REGS = 'https://www.legislation.gov.uk/uksi/2013/376 (Universal Credit Regulations 2013)';
const UC_ACT_2025 = 'https://www.legislation.gov.uk/ukpga/2025/22 (Universal Credit Act 2025)';

export const RATES_2026_27_TABLE: readonly Rate[] = [
  { code: 'uc.standard.single_under_25', amount: 33858, unit: 'pence_per_month', source: RATES_2026_27 },
  { code: 'uc.standard.single_25_or_over', amount: 42490, unit: 'pence_per_month', source: RATES_2026_27 },
  { code: 'uc.standard.joint_one_or_both_25_or_over', amount: 66697, unit: 'pence_per_month', source: RATES_2026_27 },
  { code: 'uc.child.first_born_before_2017', amount: 35188, unit: 'pence_per_month', source: RATES_2026_27 },
  { code: 'uc.child.other', amount: 30394, unit: 'pence_per_month', source: RATES_2026_27 },
  {
    code: 'uc.lcwra',
    amount: 42980,
    unit: 'pence_per_month',
    source: `${RATES_2026_27} (claims made before April 2026; ${UC_ACT_2025})`,
  },
  {
    code: 'uc.childcare.percent_covered',
    amount: 85,
    unit: 'percent',
    source: 'https://www.gov.uk/universal-credit/what-youll-get',
  },
  { code: 'uc.taper_percent', amount: 55, unit: 'percent', source: `${UC_REGS}, regulation 22` },
  { code: 'uc.capital.lower_limit', amount: 600000, unit: 'pence', source: `${UC_REGS}, regulation 72` },
  { code: 'uc.capital.upper_limit', amount: 1600000, unit: 'pence', source: `${UC_REGS}, regulation 18` },
  { code: 'uc.capital.tariff_per_step', amount: 435, unit: 'pence_per_month', source: `${UC_REGS}, regulation 72` },
  { code: 'uc.capital.tariff_step', amount: 25000, unit: 'pence', source: `${UC_REGS}, regulation 72` },
  // The two-child limit ends in April 2026.
  { code: 'uc.two_child_limit', amount: 0, unit: 'flag', source: RATES_2026_27 },
];
