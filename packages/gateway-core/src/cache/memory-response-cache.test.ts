import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { MemoryResponseCache } from './memory-response-cache.ts';

const entry = (body: string) => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: Buffer.from(body) });

describe('MemoryResponseCache', () => {
  it('serves an entry until its TTL passes, then forgets it', () => {
    const clock = new FakeClock(0);
    const cache = new MemoryResponseCache({ clock });
    cache.set('k', entry('hello'), 300_000);
    clock.tick(299_999);
    assert.equal(cache.get('k')?.body.toString(), 'hello');
    clock.tick(1);
    assert.equal(cache.get('k'), undefined);
    assert.equal(cache.size, 0);
  });

  it('evicts the least recently used entry when full', () => {
    const cache = new MemoryResponseCache({ maxEntries: 2, clock: new FakeClock(0) });
    cache.set('a', entry('a'), 1000);
    cache.set('b', entry('b'), 1000);
    cache.get('a');
    cache.set('c', entry('c'), 1000);
    assert.deepEqual(
      ['a', 'b', 'c'].map((k) => cache.get(k) !== undefined),
      [true, false, true],
    );
  });

  it('stays within its byte bound and never keeps an entry larger than the bound', () => {
    const cache = new MemoryResponseCache({ maxBytes: 200, clock: new FakeClock(0) });
    cache.set('big', entry('x'.repeat(500)), 1000);
    assert.equal(cache.get('big'), undefined);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, entry('y'.repeat(40)), 1000);
    assert.ok(cache.bytes <= 200, String(cache.bytes));
    assert.ok(cache.get('k9'));
  });

  it('drops an entry on delete', () => {
    const cache = new MemoryResponseCache();
    cache.set('k', entry('v'), 1000);
    cache.delete('k');
    assert.equal(cache.get('k'), undefined);
  });
});
