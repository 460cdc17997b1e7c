import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKeyPair, exportJWK, SignJWT, jwtVerify, type JSONWebKeySet } from 'jose';
import { JwksCache } from './jwks-cache.ts';

async function key(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256' } };
}
const sign = (k: Awaited<ReturnType<typeof key>>) =>
  new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256', kid: k.kid }).sign(k.privateKey);

describe('JWKS cache', () => {
  it('fetches once for tokens with known kids', async () => {
    const a = await key('a');
    let fetches = 0;
    const cache = new JwksCache({
      url: 'u',
      cooldownMs: 1000,
      maxAgeMs: 60_000,
      fetchJwks: async () => (fetches++, { keys: [a.jwk] }),
    });
    for (let i = 0; i < 5; i++) await jwtVerify(await sign(a), cache.getKey);
    assert.equal(fetches, 1);
  });

  it('fetches again for a new kid after a rotation, waiting out the cooldown instead of refusing', async () => {
    const a = await key('a');
    const b = await key('b');
    let published: JSONWebKeySet = { keys: [a.jwk] };
    let fetches = 0;
    const cache = new JwksCache({
      url: 'u',
      cooldownMs: 50,
      maxAgeMs: 60_000,
      fetchJwks: async () => (fetches++, published),
    });
    await jwtVerify(await sign(a), cache.getKey);
    published = { keys: [a.jwk, b.jwk] };
    const { payload } = await jwtVerify(await sign(b), cache.getKey);
    assert.equal(payload.sub, 'x');
    assert.equal(fetches, 2);
  });

  it('fetches at most once per cooldown however many unknown kids arrive together', async () => {
    const a = await key('a');
    const strangers = await Promise.all(['x', 'y', 'z'].map(key));
    let fetches = 0;
    const cache = new JwksCache({
      url: 'u',
      cooldownMs: 50,
      maxAgeMs: 60_000,
      fetchJwks: async () => (fetches++, { keys: [a.jwk] }),
    });
    await jwtVerify(await sign(a), cache.getKey);
    const results = await Promise.allSettled(strangers.map(async (s) => jwtVerify(await sign(s), cache.getKey)));
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.equal(fetches, 2);
  });
});
