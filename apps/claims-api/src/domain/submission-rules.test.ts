import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSubmission } from './submission-rules.ts';

describe('submission rules', () => {
  it('accepts a claimant verified to P2 with a validated address', () => {
    assert.deepEqual(checkSubmission({ confidence: 'P2', uprn: '100023336956' }), { ok: true });
  });
  it('refuses a claimant verified only to P1 or not at all', () => {
    assert.deepEqual(checkSubmission({ confidence: 'P1', uprn: '100023336956' }), {
      ok: false,
      missing: 'identity',
      confidence: 'P1',
    });
    assert.deepEqual(checkSubmission({ confidence: 'P0', uprn: '100023336956' }), {
      ok: false,
      missing: 'identity',
      confidence: 'P0',
    });
  });
  it('refuses a claimant without an address found by UPRN', () => {
    assert.deepEqual(checkSubmission({ confidence: 'P2', uprn: undefined }), { ok: false, missing: 'address' });
  });
});
