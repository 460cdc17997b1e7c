import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLAIM_EVENTS,
  CLAIM_STATES,
  nextEvents,
  transition,
  type Actor,
  type ClaimEvent,
  type ClaimState,
} from './claim-state-machine.ts';

/** Every legal move, written out by hand from the diagram; everything else must be refused. */
const LEGAL: ReadonlyArray<[ClaimState, ClaimEvent, Actor, ClaimState]> = [
  ['draft', 'submit', 'citizen', 'submitted'],
  ['submitted', 'request_evidence', 'caseworker', 'evidence_requested'],
  ['submitted', 'start_assessment', 'caseworker', 'under_assessment'],
  ['evidence_requested', 'provide_evidence', 'citizen', 'evidence_received'],
  ['evidence_received', 'request_evidence', 'caseworker', 'evidence_requested'],
  ['evidence_received', 'start_assessment', 'caseworker', 'under_assessment'],
  ['under_assessment', 'request_evidence', 'caseworker', 'evidence_requested'],
  ['under_assessment', 'award', 'caseworker', 'awarded'],
  ['under_assessment', 'refuse', 'caseworker', 'refused'],
  ['draft', 'withdraw', 'citizen', 'withdrawn'],
  ['submitted', 'withdraw', 'citizen', 'withdrawn'],
  ['evidence_requested', 'withdraw', 'citizen', 'withdrawn'],
  ['evidence_received', 'withdraw', 'citizen', 'withdrawn'],
  ['under_assessment', 'withdraw', 'citizen', 'withdrawn'],
  ['awarded', 'request_reconsideration', 'citizen', 'mandatory_reconsideration'],
  ['refused', 'request_reconsideration', 'citizen', 'mandatory_reconsideration'],
  ['mandatory_reconsideration', 'award', 'caseworker', 'awarded'],
  ['mandatory_reconsideration', 'refuse', 'caseworker', 'refused'],
];

describe('the claim state machine', () => {
  for (const [from, event, actor, to] of LEGAL) {
    it(`lets a ${actor} ${event.replace(/_/g, ' ')} from ${from}, leading to ${to}`, () => {
      assert.deepEqual(transition(from, event, actor), { ok: true, from, to });
    });
  }

  it(`refuses every one of the ${CLAIM_STATES.length * CLAIM_EVENTS.length * 2 - LEGAL.length} other (state, event, actor) combinations`, () => {
    let refused = 0;
    for (const from of CLAIM_STATES) {
      for (const event of CLAIM_EVENTS) {
        for (const actor of ['citizen', 'caseworker'] as const) {
          if (LEGAL.some(([f, e, a]) => f === from && e === event && a === actor)) continue;
          const result = transition(from, event, actor);
          assert.equal(result.ok, false, `${actor} ${event} from ${from} should be refused`);
          refused++;
        }
      }
    }
    assert.equal(refused, CLAIM_STATES.length * CLAIM_EVENTS.length * 2 - LEGAL.length);
  });

  it('says the caseworker, not the citizen, decides a claim', () => {
    assert.deepEqual(transition('under_assessment', 'award', 'citizen'), {
      ok: false,
      reason: 'wrong_actor',
      from: 'under_assessment',
      actor: 'caseworker',
    });
  });

  it('names the states an illegal event needs, so the 409 can say what to do', () => {
    const r = transition('withdrawn', 'submit', 'citizen');
    assert.equal(r.ok, false);
    assert.equal(r.reason, 'illegal');
    assert.deepEqual(r.allowedFrom, ['draft']);
  });

  it('offers no way out of a withdrawn claim and only reconsideration after a decision', () => {
    assert.deepEqual(nextEvents('withdrawn', 'citizen'), []);
    assert.deepEqual(nextEvents('withdrawn', 'caseworker'), []);
    assert.deepEqual(nextEvents('awarded', 'citizen'), ['request_reconsideration']);
    assert.deepEqual(nextEvents('awarded', 'caseworker'), []);
  });
});
