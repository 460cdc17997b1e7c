/**
 * The caseworker's forms as zod schemas whose messages are message keys (GOV.UK wording in the
 * catalogue): ask for evidence, add a note, award (pounds and pence to integer pence) and refuse
 * (at least one reason). Pure. The limits are claims-api's own, so a valid form is never refused.
 */
import { z } from 'zod';

/** An award above this is a typing mistake, not a monthly benefit (claims-api takes any positive). */
export const MAX_MONTHLY_PENCE = 1_000_000;
const MAX_REASON = 1000;

/** The refusal reasons a caseworker can tick, in the catalogue under `caseworker.refuse.reason.`. */
export const REFUSAL_REASONS = ['conditions', 'income', 'capital', 'residence', 'evidence', 'duplicate'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** "£1,234.5" -> 123450; undefined when it is not an amount of pounds and pence. Exact: no floating point. */
export function penceOf(text: string): number | undefined {
  const s = text.replace(/[£,\s]/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const text = (required: string) => z.string({ error: required }).trim();

/** A textarea of reasons, one a line: the non-empty lines. */
const linesOf = (s: string) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

export const evidenceRequestForm = z.object({
  reason: text('caseworker.requestEvidence.reason.required')
    .min(1, 'caseworker.requestEvidence.reason.required')
    .max(2000, 'caseworker.requestEvidence.reason.tooLong'),
});

export const noteForm = z.object({
  note: text('caseworker.notes.body.required')
    .min(1, 'caseworker.notes.body.required')
    .max(5000, 'caseworker.notes.body.tooLong'),
});

export const awardForm = z.object({
  amount: text('caseworker.award.amount.required')
    .min(1, 'caseworker.award.amount.required')
    .transform((s, ctx) => {
      const pence = penceOf(s);
      if (pence === undefined) ctx.addIssue({ code: 'custom', message: 'caseworker.award.amount.format' });
      return pence ?? 0;
    })
    .pipe(
      z
        .number()
        .int()
        .positive('caseworker.award.amount.zero')
        .max(MAX_MONTHLY_PENCE, 'caseworker.award.amount.tooBig'),
    ),
  reasons: text('caseworker.award.reasons.required')
    .transform(linesOf)
    .pipe(
      z
        .array(z.string().max(MAX_REASON, 'caseworker.award.reasons.tooLong'))
        .min(1, 'caseworker.award.reasons.required'),
    ),
});

/** The ticked boxes (one value or several); a value no box has is not a reason. */
const ticked = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => REFUSAL_REASONS.filter((r) => [v ?? []].flat().includes(r)));

export const refusalForm = z
  .object({
    reasons: ticked,
    otherReason: z
      .string()
      .optional()
      .default('')
      .transform(linesOf)
      .pipe(z.array(z.string().max(MAX_REASON, 'caseworker.refuse.otherReason.tooLong'))),
  })
  .refine((f) => f.reasons.length + f.otherReason.length > 0, {
    message: 'caseworker.refuse.reasons.required',
    path: ['reasons'],
  });
export type RefusalFormValue = z.output<typeof refusalForm>;
