/**
 * A claim's answers (claims-api keeps them as the journey's JSON object) as rows a caseworker can
 * read in a summary list: "livesAlone: true" becomes "Lives alone | Yes", nested objects and
 * lists become one row per leaf, amounts in pence (`...Pence`) become pounds, dates long dates.
 * Pure: the template translates Yes/No and formats money and dates.
 */

export type AnswerValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'yesNo'; readonly yes: boolean }
  | { readonly kind: 'money'; readonly pence: number }
  | { readonly kind: 'date'; readonly iso: string }
  | { readonly kind: 'none' };

export interface AnswerRow {
  readonly label: string;
  readonly value: AnswerValue;
}

/** Enough for any journey's answers; past these a row says only that there is more. */
const MAX_DEPTH = 5;
const MAX_ROWS = 300;

/** `livesAlone` / `lives_alone` / `lives-alone` -> "Lives alone". */
export function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function valueOf(key: string, v: unknown): AnswerValue | undefined {
  if (v === null || v === undefined || v === '') return { kind: 'none' };
  if (typeof v === 'boolean') return { kind: 'yesNo', yes: v };
  if (typeof v === 'number')
    return /pence$/i.test(key) && Number.isInteger(v) ? { kind: 'money', pence: v } : { kind: 'text', text: String(v) };
  if (typeof v === 'string') return ISO_DATE.test(v) ? { kind: 'date', iso: v } : { kind: 'text', text: v };
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v.length ? { kind: 'text', text: v.join(', ') } : { kind: 'none' };
  return undefined; // an object, or a list of objects: one row per leaf
}

export function answerRows(answers: Readonly<Record<string, unknown>>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  const walk = (key: string, label: string, v: unknown, depth: number) => {
    if (rows.length >= MAX_ROWS) return;
    const leaf = valueOf(key, v);
    if (leaf) {
      rows.push({ label, value: leaf });
      return;
    }
    if (depth >= MAX_DEPTH) {
      rows.push({ label, value: { kind: 'text', text: JSON.stringify(v) } });
      return;
    }
    const entries: Array<[string, string, unknown]> = Array.isArray(v)
      ? v.map((x, i) => [key, `${label} ${i + 1}`, x])
      : Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, `${label}: ${labelOf(k).toLowerCase()}`, x]);
    if (entries.length === 0) rows.push({ label, value: { kind: 'none' } });
    for (const [k, l, x] of entries) walk(k, l, x, depth + 1);
  };
  for (const [k, v] of Object.entries(answers)) walk(k, labelOf(k), v, 0);
  return rows;
}
