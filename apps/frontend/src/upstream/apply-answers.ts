/** The shapes of the answers the Apply pages read from claims-api and citizen-api (checked on every call). */
import { z } from 'zod';
import { CLAIM_BENEFITS } from '../journeys/claim-plans.ts';

export const claimAnswer = z.object({
  id: z.uuid(),
  benefit: z.enum(CLAIM_BENEFITS),
  state: z.string(),
  // What the claimant answered so far: each value is checked against its question before use.
  answers: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
});
export type ClaimAnswer = z.output<typeof claimAnswer>;

export const claimPageAnswer = z.object({ items: z.array(claimAnswer), nextCursor: z.string().optional() });

/** Only what a task list needs of the citizen's record: whether it is there, with an address found by UPRN. */
export const citizenRecordAnswer = z.object({
  address: z.object({ uprn: z.string() }).nullable(),
  consents: z.object({ hmrcIncome: z.object({ granted: z.boolean() }).optional() }).default({}),
});

export const evidencePageAnswer = z.object({
  items: z.array(z.object({ id: z.string() })),
  nextCursor: z.string().optional(),
});
