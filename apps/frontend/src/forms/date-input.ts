/**
 * A GOV.UK date input (day, month, year) read as an ISO date, with the Design System's error
 * messages: which parts are missing, "must be a real date", "must be in the past". A month may be
 * a number or its English name ("3", "Mar", "March"), as the Design System asks services to accept.
 * Pure: `today` is given.
 */

export type DatePart = 'day' | 'month' | 'year';

export interface DateInputProblem {
  /** The message key's last part: `required`, `missingDay`, `missingDayMonth`, `real`, `yearDigits`, `past`, ... */
  readonly problem: string;
  /** The parts to mark in error; the first gets the error summary's link. */
  readonly parts: readonly DatePart[];
}

export type DateInputResult = { readonly ok: true; readonly iso: string } | ({ readonly ok: false } & DateInputProblem);

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function monthNumber(input: string): number | undefined {
  if (/^\d{1,2}$/.test(input)) return Number(input);
  const name = input.toLowerCase();
  const i = MONTHS.findIndex((m) => name.length >= 3 && m.startsWith(name));
  return i >= 0 ? i + 1 : undefined;
}

const capitalised = (parts: readonly DatePart[]) => parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');

export function readDateInput(
  input: { readonly day: string; readonly month: string; readonly year: string },
  today: string,
): DateInputResult {
  const day = input.day.trim();
  const month = input.month.trim();
  const year = input.year.trim();
  const missing = (['day', 'month', 'year'] as const).filter((p) => ({ day, month, year })[p] === '');
  if (missing.length === 3) return { ok: false, problem: 'required', parts: ['day', 'month', 'year'] };
  if (missing.length > 0) return { ok: false, problem: `missing${capitalised(missing)}`, parts: missing };

  const d = /^\d{1,2}$/.test(day) ? Number(day) : undefined;
  const m = monthNumber(month);
  const wrong: DatePart[] = [];
  if (d === undefined || d < 1 || d > 31) wrong.push('day');
  if (m === undefined || m < 1 || m > 12) wrong.push('month');
  if (!/^\d+$/.test(year)) wrong.push('year');
  if (wrong.length) return { ok: false, problem: 'real', parts: wrong };
  if (!/^\d{4}$/.test(year)) return { ok: false, problem: 'yearDigits', parts: ['year'] };

  const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (date.getUTCDate() !== d) return { ok: false, problem: 'real', parts: ['day'] };
  if (iso >= today) return { ok: false, problem: 'past', parts: ['day', 'month', 'year'] };
  return { ok: true, iso };
}

/** Age in whole years on `today` (both ISO dates). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}
