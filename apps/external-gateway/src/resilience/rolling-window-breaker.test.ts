import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { CircuitState } from 'cockatiel';
import { RollingWindowBreaker } from './rolling-window-breaker.ts';

function breaker(clock: FakeClock) {
  return new RollingWindowBreaker({ failureRatePercent: 50, minimumCalls: 10, windowMs: 60_000, clock });
}

describe('RollingWindowBreaker', () => {
  it('does not open below the minimum number of calls, even when every call fails', () => {
    const b = breaker(new FakeClock(0));
    for (let i = 0; i < 9; i++) assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('opens when exactly half of the calls in the window failed and the minimum volume is reached', () => {
    const b = breaker(new FakeClock(0));
    for (let i = 0; i < 5; i++) b.success(CircuitState.Closed);
    for (let i = 0; i < 4; i++) assert.equal(b.failure(CircuitState.Closed), false);
    assert.equal(b.failure(CircuitState.Closed), true);
  });

  it('stays closed below the failure rate', () => {
    const b = breaker(new FakeClock(0));
    for (let i = 0; i < 6; i++) b.success(CircuitState.Closed);
    for (let i = 0; i < 4; i++) assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('forgets calls that have left the rolling window', () => {
    const clock = new FakeClock(0);
    const b = breaker(clock);
    for (let i = 0; i < 9; i++) b.failure(CircuitState.Closed);
    clock.tick(61_000);
    assert.deepEqual(b.totals, { calls: 0, failures: 0 });
    assert.equal(b.failure(CircuitState.Closed), false);
  });

  it('opens again when a half-open probe fails, and starts clean when one succeeds', () => {
    const b = breaker(new FakeClock(0));
    assert.equal(b.failure(CircuitState.HalfOpen), true);
    b.success(CircuitState.HalfOpen);
    assert.deepEqual(b.totals, { calls: 1, failures: 0 });
  });

  it('refuses options it cannot honour', () => {
    assert.throws(() => new RollingWindowBreaker({ failureRatePercent: 0, minimumCalls: 1, windowMs: 1 }), RangeError);
    assert.throws(() => new RollingWindowBreaker({ failureRatePercent: 50, minimumCalls: 0, windowMs: 1 }), RangeError);
  });
});
