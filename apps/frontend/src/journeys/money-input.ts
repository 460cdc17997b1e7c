/**
 * Amounts of money as people type them ("£1,234.56", "1234", "600.5") into integer pence, the
 * platform's only money. Pure.
 */

/** Far above any amount a question here asks about; bigger is a typing slip. */
export const MAX_MONEY_PENCE = 1_000_000_000; // £10,000,000

export type MoneyParse =
  | { readonly ok: true; readonly pence: number }
  | { readonly ok: false; readonly problem: 'empty' | 'format' | 'tooLarge' };

// Pounds with optional thousands commas (in the right places), then optional pence (1 or 2 digits).
const MONEY = /^£?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

export function parseMoney(input: string): MoneyParse {
  const s = input.replace(/\s+/g, '');
  if (s === '' || s === '£') return { ok: false, problem: 'empty' };
  const m = MONEY.exec(s);
  if (!m) return { ok: false, problem: 'format' };
  const pounds = Number(m[1]!.replace(/,/g, ''));
  const pence = m[2] === undefined ? 0 : Number(m[2].padEnd(2, '0'));
  const total = pounds * 100 + pence;
  if (!Number.isSafeInteger(total) || total > MAX_MONEY_PENCE) return { ok: false, problem: 'tooLarge' };
  return { ok: true, pence: total };
}

/** Pence as a citizen would type it back into the field: "1234.56", or "600" for whole pounds. */
export function moneyInputValue(pence: number): string {
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  return rest === 0 ? String(pounds) : `${pounds}.${String(rest).padStart(2, '0')}`;
}
