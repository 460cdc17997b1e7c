/**
 * The shapes of claims-api's answers the citizen's claim and evidence pages use (checked on every
 * call). They mirror claims-api's views (apps/claims-api/src/routes/claim-views.ts) without
 * importing them: the frontend ships on its own, and a field it does not read is not listed.
 */
import { z } from 'zod';

export const CLAIM_STATES = [
  'draft',
  'submitted',
  'evidence_requested',
  'evidence_received',
  'under_assessment',
  'awarded',
  'refused',
  'withdrawn',
  'mandatory_reconsideration',
] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const CLAIM_STEPS = [
  'create',
  'submit',
  'request_evidence',
  'provide_evidence',
  'start_assessment',
  'award',
  'refuse',
  'withdraw',
  'request_reconsideration',
] as const;
export type ClaimStep = (typeof CLAIM_STEPS)[number];

export const BENEFITS = ['universal-credit', 'new-style-jsa', 'new-style-esa'] as const;
export type Benefit = (typeof BENEFITS)[number];

export const EVIDENCE_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type EvidenceContentType = (typeof EVIDENCE_CONTENT_TYPES)[number];

export const isoDateTime = z.iso.datetime({ offset: true });

export const decisionAnswer = z.object({
  outcome: z.enum(['awarded', 'refused']),
  reasons: z.array(z.string()),
  monthlyAmountPence: z.number().int().nonnegative().optional(),
});

export const claimAnswer = z.object({
  id: z.uuid(),
  benefit: z.enum(BENEFITS),
  state: z.enum(CLAIM_STATES),
  status: z.string(),
  decision: decisionAnswer.nullable(),
  // A step this frontend does not know is no step it can offer.
  nextSteps: z
    .array(z.string())
    .transform((steps) => steps.filter((s): s is ClaimStep => (CLAIM_STEPS as readonly string[]).includes(s))),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
});
export type ClaimAnswer = z.output<typeof claimAnswer>;

/** A page of a list: `nextCursor` is there when there is more. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const claimsPageAnswer = pageOf(claimAnswer);

export const historyEntryAnswer = z.object({
  at: isoDateTime,
  step: z.string(),
  event: z.enum(CLAIM_STEPS),
  from: z.enum(CLAIM_STATES).nullable(),
  to: z.enum(CLAIM_STATES),
  by: z.enum(['citizen', 'caseworker']),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.output<typeof historyEntryAnswer>;
export const historyPageAnswer = pageOf(historyEntryAnswer);

export const evidenceAnswer = z.object({
  id: z.uuid(),
  contentType: z.enum(EVIDENCE_CONTENT_TYPES),
  sizeBytes: z.number().int().positive(),
  fileName: z.string(),
  uploadedAt: isoDateTime,
});
export type EvidenceAnswer = z.output<typeof evidenceAnswer>;
export const evidencePageAnswer = pageOf(evidenceAnswer);

export const downloadAnswer = z.object({ url: z.url({ protocol: /^https?$/ }), expiresAt: isoDateTime });
