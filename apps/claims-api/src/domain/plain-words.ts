/** What each state and each step means, in the plain words GOV.UK would use to a citizen. */
import type { ClaimEvent, ClaimState } from './claim-state-machine.ts';

export const STATUS_IN_PLAIN_WORDS: Readonly<Record<ClaimState, string>> = {
  draft: 'You have started this claim but not sent it yet.',
  submitted: 'We have your claim. A caseworker will look at it soon.',
  evidence_requested: 'We need more information from you. Upload the documents we asked for.',
  evidence_received: 'We have your documents. A caseworker will look at them soon.',
  under_assessment: 'A caseworker is deciding your claim.',
  awarded: 'Your claim has been accepted.',
  refused: 'Your claim has not been accepted. You can ask us to look at the decision again.',
  withdrawn: 'You cancelled this claim.',
  mandatory_reconsideration: 'You asked us to look at our decision again. A different caseworker will review it.',
};

export const STEP_IN_PLAIN_WORDS: Readonly<Record<ClaimEvent | 'create', string>> = {
  create: 'You started the claim',
  submit: 'You sent the claim',
  request_evidence: 'We asked you for more information',
  provide_evidence: 'You sent the information we asked for',
  start_assessment: 'A caseworker started to decide your claim',
  award: 'We accepted your claim',
  refuse: 'We did not accept your claim',
  withdraw: 'You cancelled the claim',
  request_reconsideration: 'You asked us to look at the decision again',
};
