import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitState } from 'cockatiel';
import { RollingWindowBreaker } from './rolling-window-breaker.ts';

function breaker(now: { t: number }) {
  return new RollingWindowBreaker({ failureRatePercent: 50, minimumCalls: 10, windowMs: 60_000, now: () => now.t });
}

describe('RollingWindowBreaker', () => {
  it('does not open below the minimum number of calls, even when every call fails', () => {
    const b = breaker({ t: 0 });
    for (let i = 0; i < 9; i++) assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('opens when exactly half of the calls in the window failed and the minimum volume is reached', () => {
    const b = breaker({ t: 0 });
    for (let i = 0; i < 5; i++) b.success(CircuitState.Closed);
    for (let i = 0; i < 4; i++) assert.equal(b.failure(CircuitState.Closed), false);
    assert.equal(b.failure(CircuitState.Closed), true);
  });

  it('stays closed below the failure rate', () => {
    const b = breaker({ t: 0 });
    for (let i = 0; i < 6; i++) b.success(CircuitState.Closed);
    for (let i = 0; i < 4; i++) assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('forgets calls that have left the rolling window', () => {
    const now = { t: 0 };
    const b = breaker(now);
    for (let i = 0; i < 9; i++) b.failure(CircuitState.Closed);
    now.t = 61_000;
    assert.deepEqual(b.totals, { calls: 0, failures: 0 });
    assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('opens again when a half-open probe fails, and starts clean when one succeeds', () => {
    const b = breaker({ t: 0 });
    assert.equal(b.failure(CircuitState.HalfOpen), true);
    b.success(CircuitState.HalfOpen);
    assert.deepEqual(b.totals, { calls: 1, failures: 0 });
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => new RollingWindowBreaker({ failureRatePercent: 0, minimumCalls: 1, windowMs: 1 }), RangeError);
    assert.throws(() => new RollingWindowBreaker({ failureRatePercent: 50, minimumCalls: 0, windowMs: 1 }), RangeError);
  });
});
