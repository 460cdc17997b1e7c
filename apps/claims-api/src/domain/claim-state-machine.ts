/**
 * The claim workflow as an explicit state machine. Every change of state is one of these events,
 * taken by one kind of actor, from the states listed for it; anything else is illegal and changes
 * nothing. Pure: no I/O, no clock.
 *
 *   draft -> submitted -> evidence_requested <-> evidence_received -> under_assessment -> awarded | refused
 *   withdrawn from any state before a decision; mandatory_reconsideration after one, then a new decision.
 */

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

export const CLAIM_EVENTS = [
  'submit',
  'request_evidence',
  'provide_evidence',
  'start_assessment',
  'award',
  'refuse',
  'withdraw',
  'request_reconsideration',
] as const;
export type ClaimEvent = (typeof CLAIM_EVENTS)[number];

/** Who may take an event: the citizen whose claim it is, or a caseworker (admins act as caseworkers). */
export type Actor = 'citizen' | 'caseworker';

interface Rule {
  readonly from: readonly ClaimState[];
  /** The state the event leads to. */
  readonly to: ClaimState;
  readonly actor: Actor;
}

const BEFORE_DECISION: readonly ClaimState[] = [
  'draft',
  'submitted',
  'evidence_requested',
  'evidence_received',
  'under_assessment',
];

export const TRANSITIONS: Readonly<Record<ClaimEvent, Rule>> = {
  submit: { from: ['draft'], to: 'submitted', actor: 'citizen' },
  request_evidence: {
    from: ['submitted', 'evidence_received', 'under_assessment'],
    to: 'evidence_requested',
    actor: 'caseworker',
  },
  provide_evidence: { from: ['evidence_requested'], to: 'evidence_received', actor: 'citizen' },
  start_assessment: { from: ['submitted', 'evidence_received'], to: 'under_assessment', actor: 'caseworker' },
  award: { from: ['under_assessment', 'mandatory_reconsideration'], to: 'awarded', actor: 'caseworker' },
  refuse: { from: ['under_assessment', 'mandatory_reconsideration'], to: 'refused', actor: 'caseworker' },
  withdraw: { from: BEFORE_DECISION, to: 'withdrawn', actor: 'citizen' },
  request_reconsideration: { from: ['awarded', 'refused'], to: 'mandatory_reconsideration', actor: 'citizen' },
};

export type TransitionResult =
  | { readonly ok: true; readonly from: ClaimState; readonly to: ClaimState }
  | {
      readonly ok: false;
      readonly reason: 'illegal';
      readonly from: ClaimState;
      readonly allowedFrom: readonly ClaimState[];
    }
  | { readonly ok: false; readonly reason: 'wrong_actor'; readonly from: ClaimState; readonly actor: Actor };

export function transition(from: ClaimState, event: ClaimEvent, actor: Actor): TransitionResult {
  const rule = TRANSITIONS[event];
  if (rule.actor !== actor) return { ok: false, reason: 'wrong_actor', from, actor: rule.actor };
  if (!rule.from.includes(from)) return { ok: false, reason: 'illegal', from, allowedFrom: rule.from };
  return { ok: true, from, to: rule.to };
}

/** The events the actor could take now: what a client may offer as next steps. */
export function nextEvents(from: ClaimState, actor: Actor): ClaimEvent[] {
  return CLAIM_EVENTS.filter((e) => transition(from, e, actor).ok);
}

export function isDecided(state: ClaimState): boolean {
  return state === 'awarded' || state === 'refused';
}

export function isClaimState(value: unknown): value is ClaimState {
  return typeof value === 'string' && (CLAIM_STATES as readonly string[]).includes(value);
}
