import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quotaPeriodOf } from './quota-period.ts';

describe('quotaPeriodOf', () => {
  const at = Date.UTC(2026, 1, 18, 15, 30); // Wednesday 18 February 2026
  it('counts a day from UTC midnight', () => {
    assert.deepEqual(quotaPeriodOf('DAY', at), { start: Date.UTC(2026, 1, 18), end: Date.UTC(2026, 1, 19) });
  });
  it('counts a week from Monday', () => {
    assert.deepEqual(quotaPeriodOf('WEEK', at), { start: Date.UTC(2026, 1, 16), end: Date.UTC(2026, 1, 23) });
    assert.equal(quotaPeriodOf('WEEK', Date.UTC(2026, 1, 22, 23)).start, Date.UTC(2026, 1, 16)); // Sunday
  });
  it('counts a month from its first day', () => {
    assert.deepEqual(quotaPeriodOf('MONTH', at), { start: Date.UTC(2026, 1, 1), end: Date.UTC(2026, 2, 1) });
    assert.deepEqual(quotaPeriodOf('MONTH', Date.UTC(2026, 11, 31)), {
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });
});
