/**
 * Monthly earnings from HMRC's PAYE income records (Individuals Income API): the average of the
 * latest three calendar months with payments, which is how we estimate one UC assessment period.
 * Pure; pence.
 */
export interface PayePayment {
  readonly paymentDate: string;
  /** GBP, as HMRC reports it. */
  readonly taxablePayment: number;
}

export interface MonthlyEarnings {
  readonly monthlyPence: number;
  /** The months averaged, `YYYY-MM`, latest first; empty when HMRC has no payments. */
  readonly months: readonly string[];
}

export const MONTHS_AVERAGED = 3;

export function monthlyEarningsFrom(payments: readonly PayePayment[]): MonthlyEarnings {
  const byMonth = new Map<string, number>();
  for (const p of payments) {
    const month = p.paymentDate.slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + Math.round(p.taxablePayment * 100));
  }
  const months = [...byMonth.keys()].sort().reverse().slice(0, MONTHS_AVERAGED);
  if (months.length === 0) return { monthlyPence: 0, months: [] };
  const total = months.reduce((s, m) => s + byMonth.get(m)!, 0);
  return { monthlyPence: Math.round(total / MONTHS_AVERAGED), months };
}
