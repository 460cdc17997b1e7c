/** What claims-api answers with: zod schemas (for validation and /docs) and the mapping from records. */
import { z } from 'zod';
import { BENEFITS } from '../domain/benefits.ts';
import { EVIDENCE_TYPES } from '../domain/evidence-file.ts';
import { CLAIM_EVENTS, CLAIM_STATES, nextEvents, type Actor } from '../domain/claim-state-machine.ts';
import { STATUS_IN_PLAIN_WORDS, STEP_IN_PLAIN_WORDS } from '../domain/plain-words.ts';
import type { ActingUser } from '../acting-user.ts';
import type { AuditRecord, ChecklistItem, ClaimRecord, EvidenceRecord, NoteRecord } from '../store/claim-records.ts';

export const claimIdParams = z.object({ claimId: z.uuid() });

export const decisionView = z.object({
  outcome: z.enum(['awarded', 'refused']),
  reasons: z.array(z.string()),
  monthlyAmountPence: z.number().int().nonnegative().optional().describe('Monthly award in pence'),
});

export const claimView = z.object({
  id: z.uuid(),
  citizenSub: z.string(),
  benefit: z.enum(BENEFITS),
  state: z.enum(CLAIM_STATES),
  status: z.string().describe('The state in plain words'),
  answers: z.record(z.string(), z.unknown()),
  decision: decisionView.nullable(),
  nextSteps: z.array(z.enum(CLAIM_EVENTS)).describe('Steps the caller could take now'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
});

export type ClaimView = z.output<typeof claimView>;

export const historyEntryView = z.object({
  at: z.iso.datetime(),
  step: z.string().describe('What happened, in plain words'),
  event: z.enum([...CLAIM_EVENTS, 'create']),
  from: z.enum(CLAIM_STATES).nullable(),
  to: z.enum(CLAIM_STATES),
  by: z.enum(['citizen', 'caseworker']),
  reason: z.string().nullable(),
  actorSub: z.string().optional().describe('Shown to caseworkers only'),
});

export const evidenceView = z.object({
  id: z.uuid(),
  contentType: z.enum(EVIDENCE_TYPES),
  sizeBytes: z.number().int().positive(),
  sha256: z.string(),
  fileName: z.string(),
  uploadedAt: z.iso.datetime(),
});

export type EvidenceView = z.output<typeof evidenceView>;

export const noteView = z.object({
  id: z.uuid(),
  authorSub: z.string(),
  body: z.string(),
  createdAt: z.iso.datetime(),
});
export const checklistItemView = z.object({
  item: z.string(),
  checked: z.boolean(),
  checkedBy: z.string(),
  checkedAt: z.iso.datetime(),
});

export function toClaimView(c: ClaimRecord, user: ActingUser): z.output<typeof claimView> {
  const actor: Actor = c.citizenSub === user.sub ? 'citizen' : 'caseworker';
  return {
    id: c.id,
    citizenSub: c.citizenSub,
    benefit: c.benefit,
    state: c.state,
    status: STATUS_IN_PLAIN_WORDS[c.state],
    answers: c.answers,
    decision: c.decision
      ? {
          outcome: c.decision.outcome,
          reasons: [...c.decision.reasons],
          ...(c.decision.monthlyAmountPence !== undefined ? { monthlyAmountPence: c.decision.monthlyAmountPence } : {}),
        }
      : null,
    nextSteps:
      user.caseworker && actor === 'caseworker' ? nextEvents(c.state, 'caseworker') : nextEvents(c.state, 'citizen'),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    submittedAt: c.submittedAt,
    decidedAt: c.decidedAt,
  };
}

export function toHistoryView(a: AuditRecord, user: ActingUser): z.output<typeof historyEntryView> {
  return {
    at: a.at,
    step: STEP_IN_PLAIN_WORDS[a.event],
    event: a.event,
    from: a.fromState,
    to: a.toState,
    by: a.actorRole === 'caseworker' ? 'caseworker' : 'citizen',
    reason: a.reason,
    ...(user.caseworker ? { actorSub: a.actorSub } : {}),
  };
}

export function toEvidenceView(e: EvidenceRecord): z.output<typeof evidenceView> {
  return {
    id: e.id,
    contentType: e.contentType,
    sizeBytes: e.sizeBytes,
    sha256: e.sha256,
    fileName: e.fileName,
    uploadedAt: e.createdAt,
  };
}

export const toNoteView = (n: NoteRecord): z.output<typeof noteView> => ({
  id: n.id,
  authorSub: n.authorSub,
  body: n.body,
  createdAt: n.createdAt,
});
export const toChecklistView = (c: ChecklistItem): z.output<typeof checklistItemView> => ({ ...c });

/** Error bodies as /docs shows them. */
export const errorView = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
