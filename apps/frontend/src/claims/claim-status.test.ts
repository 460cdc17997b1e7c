import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLAIM_STATES, type ClaimState, type ClaimStep, type HistoryEntry } from '../upstream/claims-answers.ts';
import {
  citizenActions,
  isOpenForEvidence,
  openEvidenceRequest,
  shortReference,
  STATUS_TAG_CLASS,
} from './claim-status.ts';

const entry = (event: ClaimStep, reason: string | null, at: string): HistoryEntry => ({
  at,
  step: '',
  event,
  from: null,
  to: 'submitted',
  by: 'caseworker',
  reason,
});

describe('claim status rules', () => {
  it('gives every state a GOV.UK tag colour, and only the decisions green or red', () => {
    for (const s of CLAIM_STATES) assert.match(STATUS_TAG_CLASS[s], /^govuk-tag--[a-z-]+$/, s);
    assert.deepEqual(
      CLAIM_STATES.filter((s) => /--(green|red)$/.test(STATUS_TAG_CLASS[s])),
      ['awarded', 'refused'],
    );
  });

  it('offers the citizen only what claims-api says they may do now', () => {
    // state | nextSteps | continue, upload, withdraw, reconsider
    const cases: ReadonlyArray<[ClaimState, ClaimStep[], [boolean, boolean, boolean, boolean]]> = [
      ['draft', ['submit', 'withdraw'], [true, true, true, false]],
      ['submitted', ['withdraw'], [false, true, true, false]],
      ['evidence_requested', ['provide_evidence', 'withdraw'], [false, true, true, false]],
      ['under_assessment', ['withdraw'], [false, true, true, false]],
      ['awarded', ['request_reconsideration'], [false, false, false, true]],
      ['refused', ['request_reconsideration'], [false, false, false, true]],
      ['mandatory_reconsideration', [], [false, true, false, false]],
      ['withdrawn', [], [false, false, false, false]],
    ];
    for (const [state, nextSteps, [c, u, w, r]] of cases) {
      assert.deepEqual(
        citizenActions({ state, nextSteps }),
        { continueApplication: c, uploadEvidence: u, withdraw: w, askForReconsideration: r },
        state,
      );
    }
  });

  it('takes evidence in the states claims-api does, and not once a claim is decided or withdrawn', () => {
    assert.deepEqual(
      CLAIM_STATES.filter((s) => !isOpenForEvidence(s)),
      ['awarded', 'refused', 'withdrawn'],
    );
  });

  it("shows the latest evidence request's reason only while the claim waits for evidence", () => {
    const history = [
      entry('create', null, '2026-01-01T09:00:00Z'),
      entry('request_evidence', 'Send your tenancy agreement', '2026-01-02T09:00:00Z'),
      entry('provide_evidence', 'Uploaded a.pdf', '2026-01-03T09:00:00Z'),
      entry('request_evidence', 'Send a payslip', '2026-01-04T09:00:00Z'),
    ];
    assert.deepEqual(openEvidenceRequest('evidence_requested', history), {
      reason: 'Send a payslip',
      at: '2026-01-04T09:00:00Z',
    });
    assert.equal(openEvidenceRequest('evidence_received', history), undefined);
    assert.deepEqual(
      openEvidenceRequest('evidence_requested', []),
      { reason: null, at: '' },
      'a request is still a request without its history',
    );
  });

  it('shortens a claim id to its last 8 characters, in capitals', () => {
    assert.equal(shortReference('0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8a9b'), '6E7F8A9B');
  });
});
