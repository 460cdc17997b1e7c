import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { TokenCache } from './token-cache.ts';

const signal = new AbortController().signal;

describe('TokenCache', () => {
  it('reuses a token, and replaces it a minute before a four-hour token expires', async () => {
    const clock = new FakeClock(0);
    let n = 0;
    const cache = new TokenCache(async () => ({ accessToken: `t${++n}`, expiresInSeconds: 14_400 }), clock);
    assert.equal(await cache.get(signal), 't1');
    clock.set((14_400 - 61) * 1000);
    assert.equal(await cache.get(signal), 't1');
    clock.set((14_400 - 60) * 1000);
    assert.equal(await cache.get(signal), 't2');
  });

  it('replaces a short-lived token halfway through its life', async () => {
    const clock = new FakeClock(0);
    let n = 0;
    const cache = new TokenCache(async () => ({ accessToken: `t${++n}`, expiresInSeconds: 60 }), clock);
    await cache.get(signal);
    clock.tick(30_000);
    assert.equal(await cache.get(signal), 't2');
  });

  it('makes one fetch for many concurrent callers', async () => {
    let fetches = 0;
    const cache = new TokenCache(async () => {
      fetches += 1;
      return { accessToken: 'shared', expiresInSeconds: 600 };
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, async () => cache.get(signal)));
    assert.deepEqual(new Set(tokens), new Set(['shared']));
    assert.equal(fetches, 1);
  });

  it('fetches again after being told the token was refused', async () => {
    let n = 0;
    const cache = new TokenCache(async () => ({ accessToken: `t${++n}`, expiresInSeconds: 600 }));
    await cache.get(signal);
    cache.invalidate();
    assert.equal(await cache.get(signal), 't2');
  });
});
