/**
 * Against a real Redis (see @dwp/service-kit/testing/redis). Two limiters on two connections
 * stand for two gateway replicas.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { closeRedis, replicaConnections } from '@dwp/service-kit/testing/redis';
import { Redis } from 'ioredis';
import { RedisLimiter } from './redis-limiter.ts';

describe('RedisLimiter shared by two gateway replicas', () => {
  let a: Redis;
  let b: Redis;
  before(async () => {
    [a, b] = (await replicaConnections(2)) as [Redis, Redis];
  });
  after(() => closeRedis([a, b]));

  it('admits no more than the limit across both replicas, and the rest learn when to retry', async () => {
    const clock = new FakeClock(1_000_000);
    const keyPrefix = `test:{egress-${randomUUID()}}:`;
    const one = new RedisLimiter({ redis: a, keyPrefix, clock });
    const two = new RedisLimiter({ redis: b, keyPrefix, clock });
    const limit = { requests: 100, windowMs: 60_000 };
    const decisions = await Promise.all(
      Array.from({ length: 250 }, (_, i) => (i % 2 ? one : two).take('gov-verify', limit)),
    );
    assert.equal(decisions.filter((d) => d.kind === 'allowed').length, 100);
    const limited = decisions.find((d) => d.kind === 'limited');
    assert.deepEqual(limited, { kind: 'limited', retryAfterMs: 60_000 });
    assert.equal(await one.used('gov-verify', limit), 100);
    clock.tick(60_000);
    assert.equal((await two.take('gov-verify', limit)).kind, 'allowed');
  });

  it('decides in-process when Redis does not answer', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    const failures: Error[] = [];
    const l = new RedisLimiter({ redis: dead, onFallback: (e) => failures.push(e) });
    assert.equal((await l.take('hmrc', { requests: 1, windowMs: 1000 })).kind, 'allowed');
    assert.equal(failures.length, 1);
    dead.disconnect();
  });
});
