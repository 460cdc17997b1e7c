/**
 * What the claim pages' templates get for a claim and its files: claims-api's answer with the
 * short reference, the status tag's colour and what the citizen may do now. Pure.
 */
import type { ClaimAnswer, EvidenceAnswer } from '../upstream/claims-answers.ts';
import { citizenActions, shortReference, STATUS_TAG_CLASS } from './claim-status.ts';
import { sizeInWords } from './evidence-file.ts';

export function claimSummary(claim: ClaimAnswer) {
  return {
    ...claim,
    reference: shortReference(claim.id),
    tagClass: STATUS_TAG_CLASS[claim.state],
    actions: citizenActions(claim),
  };
}

export const evidenceRows = (evidence: readonly EvidenceAnswer[]) =>
  evidence.map((e) => ({ ...e, size: sizeInWords(e.sizeBytes) }));
