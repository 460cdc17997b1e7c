import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultSwitch } from './fault-switch.ts';
import { maxInWindow, TrafficLog } from './traffic-log.ts';

describe('fault switch', () => {
  it('passes every call when no fault is set', () => {
    const f = new FaultSwitch();
    assert.deepEqual(
      [f.decide(), f.decide()].map((d) => d.kind),
      ['pass', 'pass'],
    );
  });

  it('fails the first call and every second one after it at an error rate of 0.5', () => {
    const f = new FaultSwitch();
    f.set({ errorRate: 0.5 });
    assert.deepEqual(
      Array.from({ length: 6 }, () => f.decide().kind),
      ['error', 'pass', 'error', 'pass', 'error', 'pass'],
    );
  });

  it('fails every call at an error rate of 1 with the chosen status', () => {
    const f = new FaultSwitch();
    f.set({ errorRate: 1, errorStatus: 500 });
    assert.deepEqual(f.decide(), { kind: 'error', latencyMs: 0, status: 500 });
  });

  it('drops connections while down, and reset brings it back', () => {
    const f = new FaultSwitch();
    f.set({ down: true, latencyMs: 10 });
    assert.equal(f.decide().kind, 'drop');
    f.reset();
    assert.deepEqual(f.decide(), { kind: 'pass', latencyMs: 0 });
  });
});

describe('traffic log', () => {
  it('finds the most calls in any sliding window', () => {
    assert.equal(maxInWindow([0, 10, 20, 59_999, 60_000, 60_010], 60_000), 4);
    assert.equal(maxInWindow([], 60_000), 0);
  });

  it('counts calls by route', () => {
    const t = new TrafficLog();
    t.record('/a', 1);
    t.record('/a', 2);
    t.record('/b', 3);
    assert.deepEqual(t.summary(1000), { total: 3, byRoute: { '/a': 2, '/b': 1 }, maxInWindow: 3, windowMs: 1000 });
  });
});
