/** The edge's limits: documented defaults, checked once, and how they read in a message. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidOptionError } from '@dwp/gateway-core';
import { describeBytes } from './edge-errors.ts';
import { DEFAULT_EDGE_LIMITS, resolveLimits, timeoutCheckIntervalMs } from './edge-limits.ts';

describe('the edge limits', () => {
  it("defaults to CloudFront's head and URL sizes, AWS WAF's header count and Node's timeouts", () => {
    assert.deepEqual(resolveLimits(), {
      maxHeadBytes: 20_480,
      maxHeaderCount: 200,
      maxUrlBytes: 8_192,
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 300_000,
    });
    assert.equal(resolveLimits({ maxUrlBytes: 100 }).maxHeadBytes, DEFAULT_EDGE_LIMITS.maxHeadBytes);
  });

  it('refuses a limit that is not a positive whole number, naming it', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(
        () => resolveLimits({ maxHeaderCount: bad }),
        (e: unknown) => e instanceof InvalidOptionError && e.option === 'limits.maxHeaderCount',
      );
    }
  });

  it('refuses a headers timeout longer than the request timeout, as Node would', () => {
    assert.throws(
      () => resolveLimits({ headersTimeoutMs: 2_000, requestTimeoutMs: 1_000 }),
      (e: unknown) => e instanceof InvalidOptionError && e.code === 'GW_ERR_OPTION_INVALID',
    );
  });

  it('checks timeouts at a quarter of the shortest, and at least every second', () => {
    assert.equal(timeoutCheckIntervalMs(resolveLimits({ headersTimeoutMs: 200, requestTimeoutMs: 400 })), 50);
    assert.equal(timeoutCheckIntervalMs(resolveLimits()), 1_000);
  });

  it('says a limit in the unit it is a whole number of', () => {
    assert.deepEqual([10_485_760, 20_480, 4_096, 1_000].map(describeBytes), ['10 MB', '20 KB', '4 KB', '1000 bytes']);
  });
});
