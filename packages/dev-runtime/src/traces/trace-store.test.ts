import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sid, storedSpan, tid } from './stored-spans.fixture.ts';
import { TraceStore } from './trace-store.ts';

describe('trace store', () => {
  it('joins spans of one trace that arrive in different exports', () => {
    const store = new TraceStore();
    store.add([storedSpan({ traceId: tid(1), spanId: sid(1), startUs: 100, durationUs: 50 })]);
    store.add([
      storedSpan({ traceId: tid(1), spanId: sid(2), parentSpanId: sid(1), startUs: 110, durationUs: 100 }),
      storedSpan({ traceId: tid(2), spanId: sid(3) }),
    ]);
    const trace = store.get(tid(1));
    assert.ok(trace);
    assert.deepEqual(
      trace.spans.map((s) => s.spanId),
      [sid(1), sid(2)],
    );
    assert.equal(trace.startUs, 100);
    assert.equal(trace.endUs, 210);
    assert.equal(trace.byId.get(sid(2))?.parentSpanId, sid(1));
    assert.deepEqual(store.stats(), { traces: 2, spans: 3, evictedTraces: 0 });
  });

  it('ignores a span it already holds, as an exporter retry resends it', () => {
    const store = new TraceStore();
    const span = storedSpan({ traceId: tid(1), spanId: sid(1) });
    store.add([span]);
    assert.deepEqual(store.add([span]), { accepted: 0, rejected: 1 });
    assert.equal(store.get(tid(1))?.spans.length, 1);
  });

  it('evicts whole traces, least recently updated first, past maxTraces', () => {
    const store = new TraceStore({ maxTraces: 2 });
    store.add([storedSpan({ traceId: tid(1), spanId: sid(1) })]);
    store.add([storedSpan({ traceId: tid(2), spanId: sid(2) })]);
    // Trace 1 gets a new span, so trace 2 is now the least recently updated.
    store.add([storedSpan({ traceId: tid(1), spanId: sid(3) })]);
    store.add([storedSpan({ traceId: tid(3), spanId: sid(4) })]);
    assert.equal(store.get(tid(2)), undefined);
    assert.equal(store.get(tid(1))?.spans.length, 2);
    assert.ok(store.get(tid(3)));
    assert.deepEqual(store.stats(), { traces: 2, spans: 3, evictedTraces: 1 });
  });

  it('evicts whole traces until the span count is within maxSpans', () => {
    const store = new TraceStore({ maxSpans: 4, maxSpansPerTrace: 4 });
    store.add([1, 2, 3].map((n) => storedSpan({ traceId: tid(1), spanId: sid(n) })));
    store.add([4, 5].map((n) => storedSpan({ traceId: tid(2), spanId: sid(n) })));
    assert.equal(store.get(tid(1)), undefined);
    assert.equal(store.get(tid(2))?.spans.length, 2);
    assert.equal(store.stats().spans, 2);
  });

  it('starts a trace again when a late span arrives after the trace was evicted', () => {
    const store = new TraceStore({ maxTraces: 1 });
    store.add([storedSpan({ traceId: tid(1), spanId: sid(1) })]);
    store.add([storedSpan({ traceId: tid(2), spanId: sid(2) })]);
    store.add([storedSpan({ traceId: tid(1), spanId: sid(3), parentSpanId: sid(1) })]);
    assert.deepEqual(
      store.get(tid(1))?.spans.map((s) => s.spanId),
      [sid(3)],
    );
  });

  it('drops and counts spans past maxSpansPerTrace', () => {
    const store = new TraceStore({ maxSpansPerTrace: 2 });
    const result = store.add([1, 2, 3].map((n) => storedSpan({ traceId: tid(1), spanId: sid(n) })));
    assert.deepEqual(result, { accepted: 2, rejected: 1 });
    assert.equal(store.get(tid(1))?.droppedSpans, 1);
  });

  it('stays within its bounds however many spans arrive', () => {
    const store = new TraceStore({ maxTraces: 50, maxSpans: 200, maxSpansPerTrace: 10 });
    for (let t = 0; t < 1000; t++) {
      store.add([1, 2, 3, 4, 5, 6, 7].map((n) => storedSpan({ traceId: tid(t + 1), spanId: sid(n) })));
      const { traces, spans } = store.stats();
      assert.ok(traces <= 50 && spans <= 200, `after trace ${t}: ${traces} traces, ${spans} spans`);
    }
    assert.equal([...store.spans()].length, store.stats().spans);
  });

  it('refuses bounds that are not positive integers', () => {
    assert.throws(() => new TraceStore({ maxTraces: 0 }), RangeError);
    assert.throws(() => new TraceStore({ maxSpans: 1.5 }), RangeError);
    assert.throws(() => new TraceStore({ maxSpans: 10, maxSpansPerTrace: 11 }), RangeError);
  });
});
