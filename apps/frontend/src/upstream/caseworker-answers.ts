/**
 * The shapes of the answers the caseworker console reads (checked on every call): claims-api's
 * staff views of a claim (with the answers, the claimant and who did each step), identity-api's
 * verification of the claimant, and citizen-api's profile. They mirror the services' views without
 * importing them; a field the console does not read is not listed.
 */
import { z } from 'zod';
import {
  BENEFITS,
  CLAIM_STATES,
  decisionAnswer,
  downloadAnswer,
  evidenceAnswer,
  historyEntryAnswer,
  isoDateTime,
  pageOf,
  type ClaimStep,
} from './claims-answers.ts';

/** The steps a caseworker takes; anything else in `nextSteps` is the citizen's. */
export const CASEWORK_STEPS = [
  'request_evidence',
  'start_assessment',
  'award',
  'refuse',
] as const satisfies readonly ClaimStep[];
export type CaseworkStep = (typeof CASEWORK_STEPS)[number];

export const staffClaimAnswer = z.object({
  id: z.uuid(),
  citizenSub: z.string().min(1),
  benefit: z.enum(BENEFITS),
  state: z.enum(CLAIM_STATES),
  status: z.string(),
  answers: z.record(z.string(), z.unknown()),
  decision: decisionAnswer.nullable(),
  // A step this console does not know is no step it can offer.
  nextSteps: z
    .array(z.string())
    .transform((steps) => steps.filter((s): s is CaseworkStep => (CASEWORK_STEPS as readonly string[]).includes(s))),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  submittedAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
});
export type StaffClaim = z.output<typeof staffClaimAnswer>;
export const staffClaimsPageAnswer = pageOf(staffClaimAnswer);

/** What a caseworker sees of each step: also who took it. */
export const staffHistoryEntryAnswer = historyEntryAnswer.extend({ actorSub: z.string().optional() });
export const staffHistoryPageAnswer = pageOf(staffHistoryEntryAnswer);

export const staffEvidenceAnswer = evidenceAnswer;
export type StaffEvidence = z.output<typeof staffEvidenceAnswer>;
export const staffEvidencePageAnswer = pageOf(staffEvidenceAnswer);
export const evidenceDownloadAnswer = downloadAnswer;

export const noteAnswer = z.object({
  id: z.uuid(),
  authorSub: z.string(),
  body: z.string(),
  createdAt: isoDateTime,
});
export const notesPageAnswer = pageOf(noteAnswer);

/** claims-api's assessment checklist items, in the order a caseworker works through them. */
export const CHECKLIST_ITEMS = [
  'identity-verified',
  'address-confirmed',
  'income-checked',
  'capital-checked',
  'household-confirmed',
  'evidence-reviewed',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export const checklistAnswer = z.object({
  items: z.array(z.object({ item: z.string(), checked: z.boolean(), checkedBy: z.string(), checkedAt: isoDateTime })),
  outstanding: z.array(z.string()),
});
export const checklistItemAnswer = z.object({ item: z.string(), checked: z.boolean() });

/**
 * identity-api's verification of a user: the level, and for a caseworker the verified claims
 * (name, date of birth, address) when the user proved who they are.
 */
export const verificationAnswer = z.object({
  sub: z.string(),
  confidence: z.enum(['P0', 'P1', 'P2']),
  verifiedAt: isoDateTime.optional(),
  identity: z
    .object({
      givenNames: z.array(z.string()),
      familyName: z.string(),
      birthDate: z.string(),
      address: z.object({ uprn: z.string().optional(), lines: z.array(z.string()), postcode: z.string() }).optional(),
    })
    .optional(),
});
export type Verification = z.output<typeof verificationAnswer>;

/** citizen-api's record of the claimant (GET /citizen/users/{sub}, which caseworkers may read). */
export const citizenProfileAnswer = z.object({
  citizenId: z.string(),
  sub: z.string(),
  name: z.object({ given: z.string(), family: z.string() }),
  dateOfBirth: z.string(),
  nino: z.string(),
  contact: z.object({ email: z.string().optional(), mobile: z.string().optional() }),
  address: z
    .object({
      uprn: z.string(),
      lines: z.array(z.string()),
      postTown: z.string(),
      postcode: z.string(),
      validatedAt: isoDateTime,
    })
    .nullable(),
});
export type CitizenProfile = z.output<typeof citizenProfileAnswer>;
