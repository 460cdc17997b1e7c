import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashesAfter, restartDelay } from './restart-backoff.ts';

describe('restart backoff', () => {
  it('doubles the delay with each consecutive crash up to the cap', () => {
    const p = { initialMs: 250, maxMs: 2000, resetAfterMs: 30_000 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => restartDelay(n, p)),
      [250, 500, 1000, 2000, 2000, 2000],
    );
  });

  it('starts counting again after an instance stayed up past the reset time', () => {
    assert.equal(crashesAfter(5, 29_999), 6);
    assert.equal(crashesAfter(5, 30_000), 1);
  });
});
