import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afterFailure, afterSuccess, isLocked, NO_LOCKOUT, MAX_LOCKOUT_MS } from './lockout.ts';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('accepts a password with every class of character', () => {
    assert.equal(passwordProblem('Str0ng!pass'), undefined);
  });
  it('names the rule a password breaks, as Cognito does', () => {
    assert.match(passwordProblem('Sh0rt!')!, /not long enough/);
    assert.match(passwordProblem('NOLOWER1!')!, /lowercase/);
    assert.match(passwordProblem('noupper1!')!, /uppercase/);
    assert.match(passwordProblem('NoDigits!!')!, /numeric/);
    assert.match(passwordProblem('NoSymbol11')!, /symbol/);
  });
});

describe('lockout', () => {
  it('allows four failures, then locks for a time that doubles from one second', () => {
    let s = NO_LOCKOUT;
    for (let i = 0; i < 4; i++) s = afterFailure(s, 0);
    assert.equal(isLocked(s, 0), false);
    s = afterFailure(s, 0);
    assert.equal(isLocked(s, 999), true);
    assert.equal(isLocked(s, 1000), false);
    s = afterFailure(s, 1000);
    assert.equal(s.lockedUntil, 3000);
  });
  it('never locks for longer than about fifteen minutes', () => {
    let s = NO_LOCKOUT;
    for (let i = 0; i < 40; i++) s = afterFailure(s, 0);
    assert.equal(s.lockedUntil, MAX_LOCKOUT_MS);
  });
  it('clears after a successful sign-in', () => {
    assert.deepEqual(afterSuccess(), NO_LOCKOUT);
  });
});
