import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { testRedisUrl } from '@dwp/service-kit/testing/redis';
import { RedisResponseCache } from './redis-response-cache.ts';

const URL = testRedisUrl();

describe('RedisResponseCache against the real Redis', () => {
  let redis: Redis;
  /** Set once \`before\` has connected, so \`after\` quits only a connection that exists. */
  let connected: Redis | undefined;
  before(async () => {
    redis = new Redis(URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    connected = redis;
  });
  after(async () => {
    await connected?.quit();
  });

  it('round-trips status, headers and binary body, and shares entries between two replicas', async () => {
    const prefix = `test:cache:${randomUUID()}:`;
    const one = new RedisResponseCache({ redis, keyPrefix: prefix });
    const other = new Redis(URL);
    const two = new RedisResponseCache({ redis: other, keyPrefix: prefix });
    const body = Buffer.from([0, 1, 2, 255, 254]);
    await one.set(
      'k',
      { status: 200, headers: { 'content-type': 'application/octet-stream', 'x-multi': ['a', 'b'] }, body },
      60_000,
    );
    const got = await two.get('k');
    assert.equal(got?.status, 200);
    // The first assertion has established that there is an entry.
    assert.deepEqual(got.headers, { 'content-type': 'application/octet-stream', 'x-multi': ['a', 'b'] });
    assert.ok(got.body.equals(body));
    await two.delete('k');
    assert.equal(await one.get('k'), undefined);
    await other.quit();
  });

  it('hands the TTL to Redis, which expires the entry', async () => {
    const prefix = `test:cache:${randomUUID()}:`;
    const cache = new RedisResponseCache({ redis, keyPrefix: prefix });
    await cache.set('k', { status: 200, headers: {}, body: Buffer.from('x') }, 60_000);
    const ttl = await redis.pttl(`${prefix}k`);
    assert.ok(ttl > 0 && ttl <= 60_000, String(ttl));
  });

  it('answers a miss, not an error, when Redis is away', async () => {
    const broken = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const errors: string[] = [];
    const cache = new RedisResponseCache({ redis: broken, onError: (e) => errors.push(e.code) });
    assert.equal(await cache.get('k'), undefined);
    await cache.set('k', { status: 200, headers: {}, body: Buffer.from('x') }, 1000);
    assert.deepEqual(errors, ['GW_ERR_STORE_UNAVAILABLE', 'GW_ERR_STORE_UNAVAILABLE']);
    broken.disconnect();
  });
});
