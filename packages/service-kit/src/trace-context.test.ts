import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { continueTrace, traceparentOf } from './trace-context.ts';

const INCOMING = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('continueTrace', () => {
  it('continues a valid incoming trace with a span of its own', () => {
    const t = continueTrace(INCOMING);
    assert.equal(t.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.match(t.spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(t.spanId, '00f067aa0ba902b7');
    assert.equal(t.flags, '01');
    assert.match(traceparentOf(t), /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it('starts a new trace for a missing, malformed or all-zero header', () => {
    for (const header of [
      undefined,
      'nonsense',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
    ]) {
      const t = continueTrace(header);
      assert.match(t.traceId, /^[0-9a-f]{32}$/, String(header));
      assert.notEqual(t.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
      assert.equal(t.flags, '01');
    }
  });

  it('never hands out the same id twice, across many refills of its random pool', () => {
    const seen = new Set<string>();
    // 10,000 traces take 240 KB of randomness: some sixty refills of the 4 KiB pool.
    for (let i = 0; i < 10_000; i++) {
      const t = continueTrace(undefined);
      assert.match(t.traceId, /^[0-9a-f]{32}$/);
      assert.match(t.spanId, /^[0-9a-f]{16}$/);
      seen.add(t.traceId);
      seen.add(t.spanId);
    }
    assert.equal(seen.size, 20_000);
  });
});
