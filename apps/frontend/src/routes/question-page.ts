/**
 * What a question page shows and how its post is read, for the Apply and the estimate journeys:
 * the question's words come from `<prefix>.<id>.*` in the catalogue, the form from its kind.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formErrors, NO_ERRORS, type FieldMessageKeys, type FormResult } from '../forms/form-errors.ts';
import {
  formValueFromBody,
  formValueOf,
  parseAnswer,
  type Answers,
  type AnswerValue,
  type Question,
} from '../journeys/question.ts';

export const QUESTION_TEMPLATE = 'pages/apply/question.njk';

export interface QuestionPage {
  /** Catalogue prefix of the journey's questions: `apply.questions` or `estimate.questions`. */
  readonly prefix: string;
  readonly question: Question;
  readonly action: string;
  readonly backLink: string;
  /** Catalogue key of the section's name, shown above the question. */
  readonly caption?: string;
  /** Catalogue key of words after the question in the page's <title>, to tell journeys apart. */
  readonly titleSuffix?: string;
  /** Catalogue key of the button's words. */
  readonly submitText: string;
}

export const todayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/** Plural forms govuk-frontend's character count may ask for (Welsh uses all six). */
const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/** The character count's words, for its JavaScript; `%{count}` is filled in by govuk-frontend. */
function characterCountWords(t: (key: string) => string) {
  const forms = (kind: 'under' | 'over') =>
    Object.fromEntries(PLURAL_FORMS.map((f) => [f, t(`apply.characterCount.${kind}.${f}`)]));
  return {
    description: t('apply.characterCount.description'),
    under: forms('under'),
    atLimit: t('apply.characterCount.atLimit'),
    over: forms('over'),
  };
}

/** Date parts to mark as wrong: those missing, or all three for a date that is wrong as a whole. */
function datePartsInError(fields: FieldMessageKeys): string[] {
  const key = fields[0]?.key ?? '';
  const m = /\.mustInclude\.([a-z-]+)$/.exec(key);
  return m ? m[1]!.split('-') : fields.length ? ['day', 'month', 'year'] : [];
}

export function renderQuestion(
  reply: FastifyReply,
  page: QuestionPage,
  shown: { value?: AnswerValue; body?: unknown; fields?: FieldMessageKeys },
  status = 200,
): FastifyReply {
  const t = reply.request.t;
  const q = page.question;
  const key = `${page.prefix}.${q.id}`;
  const fields = shown.fields ?? [];
  const value = shown.body !== undefined ? formValueFromBody(q.kind, shown.body) : formValueOf(q.kind, shown.value);
  return reply.page(
    QUESTION_TEMPLATE,
    {
      page,
      key,
      kind: q.kind,
      hint: t(`${key}.hint`),
      options:
        q.kind.type === 'choice' ? q.kind.options.map((o) => ({ value: o, text: t(`${key}.options.${o}`) })) : [],
      value,
      errors: fields.length ? formErrors(t, fields) : NO_ERRORS,
      datePartsInError: datePartsInError(fields),
      characterCount: q.kind.type === 'text' && q.kind.multiline ? characterCountWords(t) : undefined,
    },
    status,
  );
}

/** Reads the posted answer; shared messages name the question's subject (`<prefix>.<id>.what`). */
export function readAnswer(
  request: FastifyRequest,
  page: QuestionPage,
  answers: Answers,
  now: number,
): FormResult<AnswerValue> {
  return parseAnswer(page.question, page.prefix, request.body, {
    answers,
    today: todayOf(now),
    what: request.t(`${page.prefix}.${page.question.id}.what`),
  });
}

/** Whether a page was opened from "Check your answers" (its Change links carry `?change=1`). */
export const isChange = (query: unknown): boolean => changeQuery.parse(query ?? {}).change === '1';
const changeQuery = z.object({ change: z.unknown() }).partial().catch({});
