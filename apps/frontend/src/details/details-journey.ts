/**
 * The "Your details" journey as a plan: its questions in order, which are answered, and where a
 * question goes next. Registering walks the questions in order and ends at "Check your details";
 * changing one answer (`?change=1`, or any answer of a citizen already registered) goes straight
 * back there. Pure.
 */
import { z } from 'zod';

export const QUESTIONS = [
  'name',
  'date-of-birth',
  'national-insurance-number',
  'contact',
  'hmrc-income',
  'address',
] as const;
export type Question = (typeof QUESTIONS)[number];

export const CHECK_PATH = '/details/check';
export const pathOf = (q: Question): string => `/details/${q}`;

export const foundAddress = z.object({
  uprn: z.string(),
  lines: z.array(z.string()),
  postTown: z.string(),
  postcode: z.string(),
});
export const enteredAddress = z.object({ lines: z.array(z.string()), postTown: z.string(), postcode: z.string() });

/** The answers so far, each in the shape citizen-api takes (NINO normalised, date ISO). */
export const detailsAnswers = z.object({
  name: z.object({ given: z.string(), family: z.string() }).optional(),
  dateOfBirth: z.string().optional(),
  nino: z.string().optional(),
  contact: z.object({ email: z.string(), mobile: z.string().optional() }).optional(),
  hmrcIncome: z.boolean().optional(),
  /** With a UPRN when found by postcode; without when typed in. */
  address: z.union([foundAddress, enteredAddress]).optional(),
});
export type DetailsAnswers = z.output<typeof detailsAnswers>;

/** What the session keeps between the pages. */
export const detailsDraft = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('register'),
    /** One key for every try of the same registration, so a retried save registers once. */
    idempotencyKey: z.string(),
    answers: detailsAnswers,
    /** The postcode last looked up, for the list of addresses. */
    postcode: z.string().optional(),
  }),
  z.object({
    mode: z.literal('edit'),
    citizenId: z.string(),
    /** The record's version the answers were read at: sent as If-Match. */
    version: z.number().int().positive(),
    answers: detailsAnswers,
    /** The questions whose answers differ from the record: only these are sent. */
    changed: z.array(z.enum(QUESTIONS)),
    postcode: z.string().optional(),
  }),
]);
export type DetailsDraft = z.output<typeof detailsDraft>;

export function isAnswered(answers: DetailsAnswers, q: Question): boolean {
  switch (q) {
    case 'name':
      return answers.name !== undefined;
    case 'date-of-birth':
      return answers.dateOfBirth !== undefined;
    case 'national-insurance-number':
      return answers.nino !== undefined;
    case 'contact':
      return answers.contact !== undefined;
    case 'hmrc-income':
      return answers.hmrcIncome !== undefined;
    case 'address':
      return answers.address !== undefined;
    default:
      throw new Error(`unknown question ${String(q satisfies never)}`);
  }
}

export const firstUnanswered = (answers: DetailsAnswers): Question | undefined =>
  QUESTIONS.find((q) => !isAnswered(answers, q));

/** Where the browser goes after answering `q`. */
export function nextPath(draft: DetailsDraft, change: boolean): string {
  if (change || draft.mode === 'edit') return CHECK_PATH;
  const next = firstUnanswered(draft.answers);
  return next ? pathOf(next) : CHECK_PATH;
}

/** `draft` with `q` answered by `patch`; an edit remembers which questions changed. */
export function answer(draft: DetailsDraft, q: Question, patch: Partial<DetailsAnswers>): DetailsDraft {
  const answers = { ...draft.answers, ...patch };
  if (draft.mode === 'register') return { ...draft, answers };
  return { ...draft, answers, changed: draft.changed.includes(q) ? draft.changed : [...draft.changed, q] };
}
