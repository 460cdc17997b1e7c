import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { UUID_PATTERN, uuidv7 } from './uuidv7.ts';

describe('uuidv7', () => {
  it('makes version-7 RFC 9562 ids carrying the creation millisecond', () => {
    const id = uuidv7(new FakeClock(0x0190_1234_5678));
    assert.match(id, UUID_PATTERN);
    assert.equal(id[14], '7');
    assert.equal(id.replace(/-/g, '').slice(0, 12), '019012345678');
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const clock = new FakeClock(1_700_000_000_000);
    const ids = Array.from({ length: 5000 }, () => uuidv7(clock));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});
