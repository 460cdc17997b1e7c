import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, systemClock } from './clock.ts';

describe('clocks', () => {
  it('the system clock reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now();
    assert.ok(now >= before && now <= Date.now());
  });

  it('a fake clock moves only when told', () => {
    const clock = new FakeClock(1_000);
    assert.equal(clock.now(), 1_000);
    clock.tick(250.5);
    assert.equal(clock.now(), 1_250.5);
    clock.set(10);
    assert.equal(clock.now(), 10);
  });
});
