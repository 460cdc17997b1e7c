/**
 * Between the journey's answers and citizen-api: the answers a saved record gives (to change it),
 * the bodies that register or change one, and which question a refusal of citizen-api's is about.
 * Pure.
 */
import type { CitizenRecord } from '../upstream/citizen-answers.ts';
import {
  firstUnanswered,
  QUESTIONS,
  type DetailsAnswers,
  type DetailsDraft,
  type Question,
} from './details-journey.ts';

export function answersFromRecord(r: CitizenRecord): DetailsAnswers {
  const a = r.address;
  return {
    name: r.name,
    dateOfBirth: r.dateOfBirth,
    nino: r.nino,
    contact: { email: r.contact.email ?? '', ...(r.contact.mobile ? { mobile: r.contact.mobile } : {}) },
    ...(r.consents.hmrcIncome ? { hmrcIncome: r.consents.hmrcIncome.granted } : {}),
    ...(a
      ? {
          address: a.uprn
            ? { uprn: a.uprn, lines: a.lines, postTown: a.postTown, postcode: a.postcode }
            : { lines: a.lines, postTown: a.postTown, postcode: a.postcode },
        }
      : {}),
  };
}

/** The part of citizen-api's body one question's answer is. */
function fieldOf(answers: DetailsAnswers, q: Question): Record<string, unknown> {
  switch (q) {
    case 'name':
      return { name: answers.name };
    case 'date-of-birth':
      return { dateOfBirth: answers.dateOfBirth };
    case 'national-insurance-number':
      return { nino: answers.nino };
    case 'contact':
      return { contact: answers.contact };
    case 'hmrc-income':
      return { consents: { hmrcIncome: answers.hmrcIncome } };
    case 'address': {
      const a = answers.address;
      // A UPRN is all citizen-api takes for an address found by postcode: it reads the lines itself.
      return { address: a && 'uprn' in a ? { uprn: a.uprn } : a };
    }
    default:
      throw new Error(`unknown question ${String(q satisfies never)}`);
  }
}

/** POST /citizen/citizens's body, or undefined while a question is unanswered. */
export function registrationBody(answers: DetailsAnswers): Record<string, unknown> | undefined {
  if (firstUnanswered(answers)) return undefined;
  return Object.assign({}, ...QUESTIONS.map((q) => fieldOf(answers, q))) as Record<string, unknown>;
}

/** PATCH's body: the changed answers only (empty when nothing changed). */
export function changeBody(draft: Extract<DetailsDraft, { mode: 'edit' }>): Record<string, unknown> {
  return Object.assign({}, ...draft.changed.map((q) => fieldOf(draft.answers, q))) as Record<string, unknown>;
}

const QUESTION_OF_FIELD: ReadonlyArray<readonly [string, Question]> = [
  ['body.name', 'name'],
  ['body.dateOfBirth', 'date-of-birth'],
  ['body.nino', 'national-insurance-number'],
  ['body.contact', 'contact'],
  ['body.preferences', 'contact'],
  ['body.consents', 'hmrc-income'],
  ['body.address', 'address'],
];

/** The questions citizen-api's validation details (`[{ path: 'body.nino', ... }]`) point at, in journey order. */
export function questionsRefused(details: unknown): Question[] {
  const paths = Array.isArray(details)
    ? details.map((d: unknown) =>
        d !== null && typeof d === 'object' && 'path' in d && typeof d.path === 'string' ? d.path : '',
      )
    : [];
  const found = new Set<Question>();
  for (const p of paths)
    for (const [prefix, q] of QUESTION_OF_FIELD) if (p === prefix || p.startsWith(`${prefix}.`)) found.add(q);
  return QUESTIONS.filter((q) => found.has(q));
}
