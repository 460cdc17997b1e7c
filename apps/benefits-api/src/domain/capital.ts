/**
 * Capital in Universal Credit (regulations 18 and 72): none counts up to the lower limit; above
 * the upper limit there is no entitlement; between them, each 250 GBP or part of 250 GBP counts
 * as 4.35 GBP of income a month. Pure.
 */
import type { RateTable } from '../rates/rate-codes.ts';
import { rate } from './rate-lookup.ts';

export type CapitalAssessment =
  { readonly overLimit: true } | { readonly overLimit: false; readonly tariffIncomePence: number };

export function assessCapital(capitalPence: number, rates: RateTable): CapitalAssessment {
  const lower = rate(rates, 'uc.capital.lower_limit');
  const upper = rate(rates, 'uc.capital.upper_limit');
  if (capitalPence > upper) return { overLimit: true };
  if (capitalPence <= lower) return { overLimit: false, tariffIncomePence: 0 };
  const steps = Math.ceil((capitalPence - lower) / rate(rates, 'uc.capital.tariff_step'));
  return { overLimit: false, tariffIncomePence: steps * rate(rates, 'uc.capital.tariff_per_step') };
}
