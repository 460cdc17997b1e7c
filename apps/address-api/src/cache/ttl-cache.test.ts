import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { testRedisUrl } from '@dwp/service-kit/testing/redis';
import { MemoryTtlCache, RedisTtlCache, type TtlCache } from './ttl-cache.ts';

async function expiresAfterTtl(cache: TtlCache, advance: (ms: number) => Promise<void>) {
  await cache.set('k', 'v', 1);
  assert.equal(await cache.get('k'), 'v');
  await advance(1100);
  assert.equal(await cache.get('k'), undefined);
}

describe('TTL cache', () => {
  it('in process: never serves an entry after its TTL', async () => {
    const clock = new FakeClock(0);
    await expiresAfterTtl(new MemoryTtlCache({ clock }), async (ms) => {
      clock.tick(ms);
    });
  });

  it('in process: drops the least recently used entry when full', async () => {
    const cache = new MemoryTtlCache({ maxEntries: 2 });
    await cache.set('a', '1', 60);
    await cache.set('b', '2', 60);
    await cache.get('a');
    await cache.set('c', '3', 60);
    assert.deepEqual([await cache.get('a'), await cache.get('b'), await cache.get('c')], ['1', undefined, '3']);
  });

  it('in Redis: sets the TTL on the key itself', async () => {
    const { Redis } = await import('ioredis');
    const redis = new Redis(testRedisUrl());
    const cache = new RedisTtlCache(redis);
    try {
      await cache.set('address-api:test:k', 'v', 30);
      assert.equal(await cache.get('address-api:test:k'), 'v');
      const ttl = await redis.ttl('address-api:test:k');
      assert.ok(ttl > 0 && ttl <= 30, `ttl ${ttl}`);
    } finally {
      await redis.del('address-api:test:k');
      await cache.close();
    }
  });
});
