import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { MemoryLimiter } from './memory-limiter.ts';
import { maxInAnyWindow } from './window-check.ts';

const limit = { requests: 5, windowMs: 60_000 };

describe('MemoryLimiter', () => {
  it('admits the limit in a window, then says when the oldest call leaves it', () => {
    const clock = new FakeClock(1000);
    const l = new MemoryLimiter({ clock });
    for (let i = 0; i < 5; i++) {
      assert.equal(l.take('hmrc', limit).kind, 'allowed');
      clock.tick(100);
    }
    assert.deepEqual(l.take('hmrc', limit), { kind: 'limited', retryAfterMs: 60_000 - 500 });
    clock.set(61_000);
    assert.equal(l.take('hmrc', limit).kind, 'allowed');
    assert.equal(l.used('hmrc', limit), 5);
  });

  it('keeps each upstream to its own window', () => {
    const l = new MemoryLimiter({ clock: new FakeClock(0) });
    for (let i = 0; i < 5; i++) l.take('hmrc', limit);
    assert.equal(l.take('nhs', limit).kind, 'allowed');
  });

  it('never admits more than the limit in any window under bursty arrivals', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const clock = new FakeClock(0);
    const l = new MemoryLimiter({ clock });
    const admitted: number[] = [];
    for (let i = 0; i < 5000; i++) {
      clock.tick(random() < 0.9 ? 0 : Math.floor(random() * 30_000));
      if (l.take('x', limit).kind === 'allowed') admitted.push(clock.now());
    }
    assert.ok(admitted.length > 5);
    assert.ok(maxInAnyWindow(admitted, limit.windowMs) <= limit.requests);
  });
});
