import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PafAddress } from '../domain/paf-address.ts';
import type { AddressSource } from '../ports/royal-mail.ts';
import { CachedAddresses } from './cached-addresses.ts';
import { MemoryTtlCache } from './ttl-cache.ts';

const flat: PafAddress = {
  uprn: '100023015838',
  lines: ['28 HIGH STREET'],
  postTown: 'LEEDS',
  postcode: 'LS6 1JQ',
  singleLine: '28, HIGH STREET, LEEDS, LS6 1JQ',
};

function counting(): AddressSource & { calls: number } {
  return {
    calls: 0,
    async byPostcode() {
      this.calls++;
      return [flat];
    },
    async byUprn(uprn) {
      this.calls++;
      return uprn === flat.uprn ? flat : undefined;
    },
  };
}

describe('cached addresses', () => {
  it('serves a kept postcode and a kept unknown UPRN from the cache', async () => {
    const source = counting();
    const addresses = new CachedAddresses(source, new MemoryTtlCache());
    assert.deepEqual(await addresses.byPostcode('LS6 1JQ'), [flat]);
    assert.deepEqual(await addresses.byPostcode('LS6 1JQ'), [flat]);
    assert.equal(await addresses.byUprn('1'), undefined);
    assert.equal(await addresses.byUprn('1'), undefined);
    assert.equal(source.calls, 2);
  });

  it('reports an entry of the wrong shape and asks the source again, never serving it', async () => {
    const source = counting();
    const cache = new MemoryTtlCache();
    await cache.set('address-api:v1:postcode:LS6 1JQ', JSON.stringify([{ uprn: 100023015838 }]), 60);
    await cache.set('address-api:v1:uprn:100023015838', 'not json', 60);
    const errors: unknown[] = [];
    const addresses = new CachedAddresses(source, cache, { onCacheError: (err) => errors.push(err) });
    assert.deepEqual(await addresses.byPostcode('LS6 1JQ'), [flat]);
    assert.deepEqual(await addresses.byUprn('100023015838'), flat);
    assert.equal(source.calls, 2);
    assert.equal(errors.length, 2);
    assert.deepEqual(await addresses.byPostcode('LS6 1JQ'), [flat], 'the entry was replaced');
    assert.equal(source.calls, 2);
  });
});
