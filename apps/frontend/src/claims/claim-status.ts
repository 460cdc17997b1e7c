/**
 * What the citizen's claim pages show for a claim: the colour of its status tag, what the citizen
 * can do now, and the evidence the caseworker asked for. Pure: the pages read claims-api's answers
 * and these rules decide; claims-api still enforces every step when the citizen takes it.
 */
import type { ClaimAnswer, ClaimState, HistoryEntry } from '../upstream/claims-answers.ts';

/**
 * govukTag colour classes per state. The tag's words say the state too, so colour is never the
 * only way to tell (WCAG 1.4.1): orange asks for action, green and red are decisions.
 */
export const STATUS_TAG_CLASS: Readonly<Record<ClaimState, string>> = {
  draft: 'govuk-tag--grey',
  submitted: 'govuk-tag--blue',
  evidence_requested: 'govuk-tag--orange',
  evidence_received: 'govuk-tag--light-blue',
  under_assessment: 'govuk-tag--purple',
  awarded: 'govuk-tag--green',
  refused: 'govuk-tag--red',
  withdrawn: 'govuk-tag--grey',
  mandatory_reconsideration: 'govuk-tag--yellow',
};

/**
 * States in which a claim takes more evidence: mirrors claims-api's OPEN_FOR_EVIDENCE
 * (apps/claims-api/src/claim-workflow.ts), which refuses an upload in any other state.
 */
const OPEN_FOR_EVIDENCE: ReadonlySet<ClaimState> = new Set([
  'draft',
  'submitted',
  'evidence_requested',
  'evidence_received',
  'under_assessment',
  'mandatory_reconsideration',
]);

export const isOpenForEvidence = (state: ClaimState): boolean => OPEN_FOR_EVIDENCE.has(state);

/** What the citizen may do now, from the steps claims-api offers them. */
export interface CitizenActions {
  /** A draft: carry on with the application's task list. */
  readonly continueApplication: boolean;
  readonly uploadEvidence: boolean;
  readonly withdraw: boolean;
  readonly askForReconsideration: boolean;
}

export function citizenActions(claim: Pick<ClaimAnswer, 'state' | 'nextSteps'>): CitizenActions {
  return {
    continueApplication: claim.state === 'draft' && claim.nextSteps.includes('submit'),
    uploadEvidence: isOpenForEvidence(claim.state),
    withdraw: claim.nextSteps.includes('withdraw'),
    askForReconsideration: claim.nextSteps.includes('request_reconsideration'),
  };
}

/**
 * The caseworker's reason for the evidence request the citizen has still to answer: the latest
 * request while the claim waits for evidence; none otherwise. A request without a reason is still
 * a request (`reason: null`).
 */
export function openEvidenceRequest(
  state: ClaimState,
  history: readonly HistoryEntry[],
): { readonly reason: string | null; readonly at: string } | undefined {
  if (state !== 'evidence_requested') return undefined;
  const latest = history.filter((h) => h.event === 'request_evidence').at(-1);
  return latest ? { reason: latest.reason, at: latest.at } : { reason: null, at: '' };
}

/** A reference short enough to read out on the phone: the id's last 8 characters (its random part). */
export const shortReference = (claimId: string): string => claimId.replace(/-/g, '').slice(-8).toUpperCase();
