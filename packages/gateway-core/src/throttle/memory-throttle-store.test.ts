import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { FakeClock } from '@dwp/clock';
import { MemoryThrottleStore } from './memory-throttle-store.ts';
import type { BucketCheck } from './throttle-types.ts';

const stage = dwp.gateways.primary!.throttling;
const STAGE: BucketCheck = { level: 'stage', key: 'stage', limit: { rate: stage.rateLimit, burst: stage.burstLimit } };

function send(store: MemoryThrottleStore, n: number, buckets: readonly BucketCheck[] = [STAGE]): number {
  let served = 0;
  for (let i = 0; i < n; i++) if (store.take(buckets).kind === 'allowed') served++;
  return served;
}

describe('MemoryThrottleStore with the DWP stage limits (rate 10000 rps, burst 5000)', () => {
  it('serves 5000 of 10000 requests sent in the first millisecond (API Gateway docs, worked example 1)', () => {
    const store = new MemoryThrottleStore({ clock: new FakeClock(0) });
    assert.equal(send(store, 10_000), 5000);
  });

  it('serves 6000 when 5000 arrive in the first millisecond and 5000 in the 101st (API Gateway docs, worked example 2)', () => {
    const clock = new FakeClock(0);
    const store = new MemoryThrottleStore({ clock });
    clock.set(1);
    const first = send(store, 5000);
    clock.set(101); // 100 ms later: 100 ms x 10000 rps = 1000 tokens
    const second = send(store, 5000);
    assert.deepEqual([first, second, first + second], [5000, 1000, 6000]);
  });

  it('serves a steady 10000 rps without a single throttle once the bucket is drained', () => {
    const clock = new FakeClock(0);
    const store = new MemoryThrottleStore({ clock });
    assert.equal(send(store, 5000), 5000);
    let served = 0;
    for (let ms = 1; ms <= 1000; ms++) {
      clock.set(ms);
      served += send(store, 10);
    }
    assert.equal(served, 10_000);
  });

  it('tells how long until the next token when it throttles', () => {
    const clock = new FakeClock(0);
    const store = new MemoryThrottleStore({ clock });
    const slow: BucketCheck = { level: 'stage', key: 'slow', limit: { rate: 2, burst: 1 } };
    assert.equal(store.take([slow]).kind, 'allowed');
    assert.deepEqual(store.take([slow]), { kind: 'throttled', level: 'stage', retryAfterMs: 500 });
    clock.tick(500);
    assert.equal(store.take([slow]).kind, 'allowed');
  });

  it('charges no bucket when a later bucket in the order throttles', () => {
    const store = new MemoryThrottleStore({ clock: new FakeClock(0) });
    const key: BucketCheck = { level: 'key', key: 'key:a', limit: { rate: 1, burst: 10 } };
    const tight: BucketCheck = { level: 'stage', key: 'tight', limit: { rate: 1, burst: 2 } };
    assert.equal(send(store, 5, [key, tight]), 2);
    const result = store.take([key, tight]);
    assert.equal(result.kind === 'throttled' && result.level, 'stage');
    // the key bucket gave only the 2 tokens of the admitted requests: 8 remain
    assert.equal(send(store, 20, [key]), 8);
  });

  it('names the first level in API Gateway order that has no token', () => {
    const store = new MemoryThrottleStore({ clock: new FakeClock(0) });
    const keyMethod: BucketCheck = { level: 'key-method', key: 'km', limit: { rate: 1, burst: 1 } };
    const key: BucketCheck = { level: 'key', key: 'k', limit: { rate: 1, burst: 1 } };
    assert.equal(store.take([keyMethod, key]).kind, 'allowed');
    const r = store.take([keyMethod, key]);
    assert.equal(r.kind === 'throttled' && r.level, 'key-method');
  });

  it('refuses with quota-exceeded once a key has used its quota for the period, until the next period', () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 12));
    const store = new MemoryThrottleStore({ clock });
    const end = Date.UTC(2026, 0, 16);
    const quota = { key: 'partner', limit: 3, periodStart: Date.UTC(2026, 0, 15), periodEnd: end };
    const results = Array.from({ length: 4 }, () => store.take([STAGE], quota).kind);
    assert.deepEqual(results, ['allowed', 'allowed', 'allowed', 'quota-exceeded']);
    assert.deepEqual(store.take([STAGE], quota), { kind: 'quota-exceeded', retryAfterMs: end - clock.now() });
    clock.set(end);
    assert.equal(store.take([STAGE], { ...quota, periodStart: end, periodEnd: end + 86_400_000 }).kind, 'allowed');
  });
});
