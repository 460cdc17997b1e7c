/**
 * One question of a journey ("one thing per page"): what kind of answer it takes, how a posted
 * form becomes that answer (zod, with message keys), and what a stored answer must look like.
 * Pure: the page's words come from the catalogue under the question's key prefix.
 */
import { z } from 'zod';
import type { FieldMessageKeys, FormResult } from '../forms/form-errors.ts';
import { moneyInputValue, parseMoney } from './money-input.ts';

/** What a question's answer is, as stored in a claim's answers or the estimate's session. */
export type AnswerValue = boolean | string | number;
export type Answers = Readonly<Record<string, AnswerValue>>;

/** What a route condition may look at besides the answers (e.g. the citizen's consent to HMRC income). */
export type JourneyFacts = Readonly<Record<string, boolean>>;

/** A named rule for whether a question is asked; tested by name in each plan's case table. */
export type RouteCondition = (answers: Answers, facts: JourneyFacts) => boolean;

export type QuestionKind =
  | { readonly type: 'yesNo' }
  | { readonly type: 'choice'; readonly options: readonly string[] }
  /** A count or an age; `atMostAnswerTo` names an earlier number it may not exceed. */
  | { readonly type: 'wholeNumber'; readonly min: number; readonly max: number; readonly atMostAnswerTo?: string }
  /** Integer pence, typed in pounds. */
  | { readonly type: 'money' }
  /** An ISO date (YYYY-MM-DD); `past` means today or before; `notBeforeAnswerTo` names an earlier date. */
  | { readonly type: 'date'; readonly past?: boolean; readonly notBeforeAnswerTo?: string }
  | { readonly type: 'text'; readonly maxLength: number; readonly multiline?: boolean };

export interface Question {
  /** Kebab-case: the page's path segment and its catalogue key (`<prefix>.<id>`). */
  readonly id: string;
  readonly kind: QuestionKind;
  /** Asked only when this holds; always asked without one. */
  readonly askIf?: RouteCondition;
  /** The input's autocomplete token, for answers a browser may know. */
  readonly autocomplete?: string;
}

/** The one field a question page posts (dates post `answer-day`, `answer-month`, `answer-year`). */
export const ANSWER_FIELD = 'answer';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a stored answer must be, for a kind: anything else counts as not answered. */
export function storedValueSchema(kind: QuestionKind): z.ZodType<AnswerValue> {
  switch (kind.type) {
    case 'yesNo':
      return z.boolean();
    case 'choice':
      return z.string().refine((v) => kind.options.includes(v));
    case 'wholeNumber':
      return z.number().int().min(kind.min).max(kind.max);
    case 'money':
      return z.number().int().nonnegative();
    case 'date':
      return z.string().regex(ISO_DATE).refine(isRealIsoDate);
    case 'text':
      return z.string().min(1).max(kind.maxLength);
    default:
      throw new Error(`Unexpected question kind ${JSON.stringify(kind satisfies never)}`);
  }
}

function isRealIsoDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What a page needs besides the form: the other answers (for cross-checks) and today's date. */
export interface AnswerContext {
  readonly answers: Answers;
  /** Today, YYYY-MM-DD (UTC). */
  readonly today: string;
  /** The question's subject in the page's language ("Your monthly rent"), for generic messages. */
  readonly what: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * Reads a question page's posted form.
 * Message keys: `<prefix>.errors.<problem>` are the question's own; `apply.errors.<kind>.<problem>`
 * are shared and take `{what}`.
 */
export function parseAnswer(
  question: Question,
  prefix: string,
  body: unknown,
  ctx: AnswerContext,
): FormResult<AnswerValue> {
  const own = (problem: string, field = ANSWER_FIELD): FieldMessageKeys => [
    { field, key: `${prefix}.${question.id}.errors.${problem}` },
  ];
  const shared = (
    problem: string,
    params: Record<string, string | number> = {},
    field = ANSWER_FIELD,
  ): FieldMessageKeys => [{ field, key: `apply.errors.${problem}`, params: { what: ctx.what, ...params } }];
  const fields = z
    .record(z.string(), z.unknown())
    .catch({})
    .parse(body ?? {});
  const raw = text(fields[ANSWER_FIELD]).trim();
  const kind = question.kind;
  const fail = (f: FieldMessageKeys): FormResult<AnswerValue> => ({ ok: false, fields: f });
  const ok = (value: AnswerValue): FormResult<AnswerValue> => ({ ok: true, value });

  switch (kind.type) {
    case 'yesNo': {
      const r = z.enum(['yes', 'no']).safeParse(raw);
      return r.success ? ok(r.data === 'yes') : fail(own('required'));
    }
    case 'choice':
      return kind.options.includes(raw) ? ok(raw) : fail(own('required'));
    case 'wholeNumber': {
      const s = raw.replace(/,/g, '');
      if (s === '') return fail(own('required'));
      if (!/^\d+$/.test(s)) return fail(shared('number.format'));
      const n = Number(s);
      if (n < kind.min || n > kind.max) return fail(shared('number.range', { min: kind.min, max: kind.max }));
      const limit = kind.atMostAnswerTo === undefined ? undefined : ctx.answers[kind.atMostAnswerTo];
      if (typeof limit === 'number' && n > limit) return fail(own('tooMany'));
      return ok(n);
    }
    case 'money': {
      const m = parseMoney(raw);
      if (m.ok) return ok(m.pence);
      return fail(
        m.problem === 'empty' ? own('required') : shared(m.problem === 'format' ? 'money.format' : 'money.tooLarge'),
      );
    }
    case 'date':
      return parseDate(kind, fields, ctx, own, shared);
    case 'text': {
      const s = text(fields[ANSWER_FIELD]).trim();
      if (s === '') return fail(own('required'));
      if (s.length > kind.maxLength) return fail(shared('text.tooLong', { max: kind.maxLength }));
      return ok(s);
    }
    default:
      throw new Error(`Unexpected question kind ${JSON.stringify(kind satisfies never)}`);
  }
}

const DATE_PARTS = ['day', 'month', 'year'] as const;

function parseDate(
  kind: Extract<QuestionKind, { type: 'date' }>,
  fields: Record<string, unknown>,
  ctx: AnswerContext,
  own: (problem: string, field?: string) => FieldMessageKeys,
  shared: (problem: string, params?: Record<string, string | number>, field?: string) => FieldMessageKeys,
): FormResult<AnswerValue> {
  const parts = Object.fromEntries(DATE_PARTS.map((p) => [p, text(fields[`${ANSWER_FIELD}-${p}`]).trim()])) as Record<
    (typeof DATE_PARTS)[number],
    string
  >;
  const missing = DATE_PARTS.filter((p) => parts[p] === '');
  const fail = (f: FieldMessageKeys): FormResult<AnswerValue> => ({ ok: false, fields: f });
  if (missing.length === 3) return fail(own('required', `${ANSWER_FIELD}-day`));
  // "Date of birth must include a month and year": the parts' names joined, for the catalogue key.
  if (missing.length > 0)
    return fail(shared(`date.mustInclude.${missing.join('-')}`, {}, `${ANSWER_FIELD}-${missing[0]}`));
  const notNumber = DATE_PARTS.find((p) => !/^\d+$/.test(parts[p]));
  if (notNumber || parts.year.length !== 4)
    return fail(shared('date.real', {}, `${ANSWER_FIELD}-${notNumber ?? 'year'}`));
  const iso = `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}`;
  if (!ISO_DATE.test(iso) || !isRealIsoDate(iso)) return fail(shared('date.real', {}, `${ANSWER_FIELD}-day`));
  if (kind.past && iso > ctx.today) return fail(shared('date.past', {}, `${ANSWER_FIELD}-day`));
  const start = kind.notBeforeAnswerTo === undefined ? undefined : ctx.answers[kind.notBeforeAnswerTo];
  if (typeof start === 'string' && iso < start) return fail(own('beforeStart', `${ANSWER_FIELD}-day`));
  return { ok: true, value: iso };
}

/** What the form shows for a stored answer (a date as its three parts, money in pounds). */
export function formValueOf(kind: QuestionKind, value: AnswerValue | undefined): string | Record<string, string> {
  if (value === undefined) return kind.type === 'date' ? { day: '', month: '', year: '' } : '';
  switch (kind.type) {
    case 'yesNo':
      return value === true ? 'yes' : 'no';
    case 'date': {
      const [year, month, day] = String(value).split('-');
      return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' };
    }
    case 'money':
      return typeof value === 'number' ? moneyInputValue(value) : '';
    default:
      return String(value);
  }
}

/** What a posted form showed, to put back on the page with its errors (nothing is lost). */
export function formValueFromBody(kind: QuestionKind, body: unknown): string | Record<string, string> {
  const fields = z
    .record(z.string(), z.unknown())
    .catch({})
    .parse(body ?? {});
  if (kind.type === 'date')
    return Object.fromEntries(DATE_PARTS.map((p) => [p, text(fields[`${ANSWER_FIELD}-${p}`]).slice(0, 8)]));
  return text(fields[ANSWER_FIELD]).slice(0, 'maxLength' in kind ? kind.maxLength + 100 : 200);
}
