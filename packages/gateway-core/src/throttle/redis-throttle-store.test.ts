/**
 * Against a real Redis (see @dwp/service-kit/testing/redis). Two stores on two connections stand
 * for two gateway replicas.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { closeRedis, replicaConnections } from '@dwp/service-kit/testing/redis';
import { Redis } from 'ioredis';
import { FakeClock } from '@dwp/clock';
import { RedisThrottleStore } from './redis-throttle-store.ts';
import type { BucketCheck } from './throttle-types.ts';

describe('RedisThrottleStore shared by two gateway replicas', () => {
  let a: Redis;
  let b: Redis;
  before(async () => {
    [a, b] = (await replicaConnections(2)) as [Redis, Redis];
  });
  after(() => closeRedis([a, b]));

  const prefix = () => `test:{throttle-${randomUUID()}}:`;

  it('reproduces both API Gateway worked examples across two replicas: 5000 of 10000, then 6000', async () => {
    const clock = new FakeClock(0);
    const p = prefix();
    const one = new RedisThrottleStore({ redis: a, keyPrefix: p, clock });
    const two = new RedisThrottleStore({ redis: b, keyPrefix: p, clock });
    const stage: BucketCheck = { level: 'stage', key: 'stage', limit: { rate: 10_000, burst: 5000 } };
    const burst = await Promise.all(Array.from({ length: 10_000 }, (_, i) => (i % 2 ? one : two).take([stage])));
    assert.equal(burst.filter((d) => d.kind === 'allowed').length, 5000);

    const p2 = prefix();
    const three = new RedisThrottleStore({ redis: a, keyPrefix: p2, clock });
    const four = new RedisThrottleStore({ redis: b, keyPrefix: p2, clock });
    clock.set(1);
    const first = await Promise.all(Array.from({ length: 5000 }, (_, i) => (i % 2 ? three : four).take([stage])));
    clock.set(101);
    const second = await Promise.all(Array.from({ length: 5000 }, (_, i) => (i % 2 ? three : four).take([stage])));
    const served = [...first, ...second].filter((d) => d.kind === 'allowed').length;
    assert.equal(served, 6000);
  });

  it('admits no more than burst + rate x elapsed on the Redis clock when two replicas race', async () => {
    const p = prefix();
    const one = new RedisThrottleStore({ redis: a, keyPrefix: p });
    const two = new RedisThrottleStore({ redis: b, keyPrefix: p });
    const limit = { rate: 200, burst: 20 };
    const bucket: BucketCheck = { level: 'stage', key: 'race', limit };
    const redisNow = async () => {
      const [s, us] = await a.time();
      return Number(s) * 1000 + Number(us) / 1000;
    };
    const start = await redisNow();
    let admitted = 0;
    // Two replicas, each keeping 8 requests in flight, for 600 rounds (bounded, no timing assumption).
    const worker = async (store: RedisThrottleStore) => {
      for (let round = 0; round < 600; round++) {
        const d = await store.take([bucket]);
        if (d.kind === 'allowed') admitted++;
      }
    };
    await Promise.all([
      ...Array.from({ length: 8 }, () => worker(one)),
      ...Array.from({ length: 8 }, () => worker(two)),
    ]);
    const elapsed = (await redisNow()) - start;
    const ceiling = limit.burst + (limit.rate * elapsed) / 1000;
    assert.ok(
      admitted <= Math.floor(ceiling),
      `admitted ${admitted} > ceiling ${ceiling.toFixed(1)} over ${elapsed.toFixed(1)} ms`,
    );
    assert.ok(admitted >= limit.burst, `admitted ${admitted} < burst`);
  });

  it('charges a quota once per admitted request across replicas and refuses past it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 12));
    const p = prefix();
    const one = new RedisThrottleStore({ redis: a, keyPrefix: p, clock });
    const two = new RedisThrottleStore({ redis: b, keyPrefix: p, clock });
    const stage: BucketCheck = { level: 'stage', key: 'stage', limit: { rate: 10_000, burst: 5000 } };
    const quota = { key: 'partner', limit: 25, periodStart: Date.UTC(2026, 0, 15), periodEnd: Date.UTC(2026, 0, 16) };
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).take([stage], quota)));
    assert.equal(results.filter((d) => d.kind === 'allowed').length, 25);
    assert.equal(results.filter((d) => d.kind === 'quota-exceeded').length, 15);
  });

  it('falls back to in-process limits when Redis stops answering, and says so', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const fallbacks: string[] = [];
    const store = new RedisThrottleStore({
      redis: broken,
      keyPrefix: prefix(),
      clock: new FakeClock(0),
      onFallback: (e) => fallbacks.push(e.code),
    });
    const bucket: BucketCheck = { level: 'stage', key: 's', limit: { rate: 1, burst: 2 } };
    const kinds = [await store.take([bucket]), await store.take([bucket]), await store.take([bucket])].map(
      (d) => d.kind,
    );
    assert.deepEqual(kinds, ['allowed', 'allowed', 'throttled']);
    assert.equal(fallbacks[0], 'GW_ERR_STORE_UNAVAILABLE');
    broken.disconnect();
  });
});
