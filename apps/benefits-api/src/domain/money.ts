/**
 * Money is integer pence. UC Regulations 2013, regulation 6(1): a fraction of a penny under a half
 * is disregarded, a half or more counts as a penny. Pure.
 */
export function roundPence(pence: number): number {
  return Math.floor(pence + 0.5);
}

export function percentOf(pence: number, percent: number): number {
  return roundPence((pence * percent) / 100);
}

/** Weekly to monthly, as UC converts: multiply by 52 and divide by 12 (regulation 73). */
export function weeklyToMonthly(pencePerWeek: number): number {
  return roundPence((pencePerWeek * 52) / 12);
}
