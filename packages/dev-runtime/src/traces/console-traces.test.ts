import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consoleTracesRoute, type TraceSummary } from './console-traces.ts';
import { SPAN_KIND } from './span-model.ts';
import { sid, storedSpan, tid } from './stored-spans.fixture.ts';
import { TraceStore } from './trace-store.ts';

const T0 = 1_700_000_000_000_000;

function seeded(): TraceStore {
  const store = new TraceStore();
  store.add([
    // Trace 1: the child arrives before its root, 12 ms in all, one error.
    storedSpan({
      traceId: tid(1),
      spanId: sid(2),
      parentSpanId: sid(1),
      service: 'claims-api',
      startUs: T0 + 1000,
      durationUs: 5000,
      error: true,
    }),
    storedSpan({
      traceId: tid(1),
      spanId: sid(1),
      service: 'frontend',
      name: 'POST /claims',
      startUs: T0,
      durationUs: 12_000,
    }),
    // Trace 2: later, 2 ms, no errors.
    storedSpan({
      traceId: tid(2),
      spanId: sid(3),
      service: 'frontend',
      name: 'GET /',
      startUs: T0 + 5_000_000,
      durationUs: 2000,
    }),
    // Trace 3: a fragment whose root was never exported.
    storedSpan({
      traceId: tid(3),
      spanId: sid(5),
      parentSpanId: sid(4),
      service: 'address-api',
      kind: SPAN_KIND.CLIENT,
      name: 'lookup',
      startUs: T0 + 1_000_000,
      durationUs: 300,
    }),
  ]);
  return store;
}

function rows(store: TraceStore, query: Record<string, string>): TraceSummary[] {
  const r = consoleTracesRoute(store, new URLSearchParams(query));
  assert.equal(r.status, 200);
  return (r.body as { traces: TraceSummary[] }).traces;
}

describe('console trace list', () => {
  it('summarises each trace, newest first', () => {
    const list = rows(seeded(), {});
    assert.deepEqual(
      list.map((t) => t.traceId),
      [tid(2), tid(3), tid(1)],
    );
    assert.deepEqual(list[2], {
      traceId: tid(1),
      rootService: 'frontend',
      rootName: 'POST /claims',
      startTime: new Date(T0 / 1000).toISOString(),
      durationMs: 12,
      spanCount: 2,
      errorCount: 1,
      services: ['claims-api', 'frontend'],
    });
    assert.equal(list[1]!.rootName, 'lookup');
  });

  it('filters by service, status, minimum duration and limit', () => {
    const store = seeded();
    const ids = (q: Record<string, string>) => rows(store, q).map((t) => t.traceId);
    assert.deepEqual(ids({ service: 'claims-api' }), [tid(1)]);
    assert.deepEqual(ids({ status: 'error' }), [tid(1)]);
    assert.deepEqual(ids({ status: 'ok' }), [tid(2), tid(3)]);
    assert.deepEqual(ids({ minMs: '1.5' }), [tid(2), tid(1)]);
    assert.deepEqual(ids({ limit: '1' }), [tid(2)]);
  });

  it('answers bad filters with 400 in the house error shape', () => {
    const bad: Record<string, string>[] = [
      { status: 'failed' },
      { minMs: '-1' },
      { minMs: 'x' },
      { limit: '0' },
      { limit: '1001' },
    ];
    for (const q of bad) {
      const r = consoleTracesRoute(seeded(), new URLSearchParams(q));
      assert.equal(r.status, 400, JSON.stringify(q));
      assert.match(JSON.stringify(r.body), /^\{"error":\{"code":"TRACES_ERR_CONSOLE_/);
    }
  });
});
