/** The rates of each tax year as maps, for pure calculations and for the migrations that load them. */
import type { RateTable, TaxYear } from './rate-codes.ts';
import { RATES_2025_26_TABLE } from './rates-2025-26.ts';
import { RATES_2026_27_TABLE } from './rates-2026-27.ts';

export const PUBLISHED_RATES: Readonly<Record<TaxYear, RateTable>> = {
  '2025-26': new Map(RATES_2025_26_TABLE.map((r) => [r.code, r])),
  '2026-27': new Map(RATES_2026_27_TABLE.map((r) => [r.code, r])),
};

/** The tax year (6 April to 5 April) a date falls in, if we have rates for it. */
export function taxYearOf(isoDate: string): TaxYear | undefined {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const startYear = m > 4 || (m === 4 && d >= 6) ? y : y - 1;
  const year = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
  return year === '2025-26' || year === '2026-27' ? year : undefined;
}
