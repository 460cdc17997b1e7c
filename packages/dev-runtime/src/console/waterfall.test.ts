import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JaegerSpan, JaegerTrace } from './console-data.ts';
import { FIXTURE_TRACE_ID, fixtureTrace } from './console.fixture.ts';
import { MIN_BAR_PCT, isErrorSpan, waterfallOf } from './waterfall.ts';

const span = (
  id: string,
  parent: string | undefined,
  start: number,
  duration: number,
  processID = 'p1',
): JaegerSpan => ({
  traceID: 't',
  spanID: id,
  operationName: id,
  references: parent ? [{ refType: 'CHILD_OF', traceID: 't', spanID: parent }] : [],
  startTime: start,
  duration,
  tags: [],
  processID,
});
const trace = (spans: JaegerSpan[]): JaegerTrace => ({
  traceID: 't',
  spans,
  processes: { p1: { serviceName: 'a' }, p2: { serviceName: 'b' } },
});

describe('waterfallOf', () => {
  it('orders spans under their parents, siblings by start, with their depth', () => {
    const w = waterfallOf(
      trace([
        span('c2', 'root', 1_000_600, 100),
        span('root', undefined, 1_000_000, 1000),
        span('c1', 'root', 1_000_100, 200),
        span('g', 'c1', 1_000_150, 50, 'p2'),
      ]),
    );
    assert.deepEqual(
      w.rows.map((r) => [r.span.spanID, r.depth]),
      [
        ['root', 0],
        ['c1', 1],
        ['g', 2],
        ['c2', 1],
      ],
    );
    assert.deepEqual(w.services, ['a', 'b']);
    assert.equal(w.rows[2]?.serviceIndex, 1);
  });

  it('places each bar by its start and length as shares of the trace', () => {
    const w = waterfallOf(trace([span('root', undefined, 1_000_000, 1000), span('c', 'root', 1_000_250, 500)]));
    assert.equal(w.durationMs, 1);
    const c = w.rows[1]!;
    assert.equal(c.offsetPct, 25);
    assert.equal(c.widthPct, 50);
    assert.equal(c.startMs, 0.25);
    assert.equal(c.durationMs, 0.5);
  });

  it('keeps a zero-length span visible and inside the track', () => {
    const w = waterfallOf(trace([span('root', undefined, 0, 1000), span('end', 'root', 1000, 0)]));
    const end = w.rows[1]!;
    assert.equal(end.widthPct, MIN_BAR_PCT);
    assert.ok(end.offsetPct + end.widthPct <= 100);
  });

  it('makes a span whose parent is missing a root, and survives a reference cycle', () => {
    const w = waterfallOf(trace([span('orphan', 'gone', 10, 5), span('x', 'y', 0, 1), span('y', 'x', 0, 1)]));
    assert.equal(w.rows.length, 3);
    assert.equal(w.rows.find((r) => r.span.spanID === 'orphan')?.depth, 0);
  });

  it('counts the spans that failed', () => {
    const w = waterfallOf(fixtureTrace());
    assert.equal(w.errorCount, 1);
    assert.equal(w.rows.find((r) => r.error)?.span.spanID, '4444444444444444');
    assert.deepEqual(w.services, ['edge', 'dwp-internal-api', 'claims-api', 'external-gateway']);
    assert.equal(w.durationMs, 180);
    assert.equal(fixtureTrace().traceID, FIXTURE_TRACE_ID);
  });

  it('reads failure from the error tag or the OTel status', () => {
    const base = span('s', undefined, 0, 1);
    assert.equal(isErrorSpan({ ...base, tags: [{ key: 'error', value: true }] }), true);
    assert.equal(isErrorSpan({ ...base, tags: [{ key: 'otel.status_code', value: 'ERROR' }] }), true);
    assert.equal(isErrorSpan({ ...base, tags: [{ key: 'otel.status_code', value: 'OK' }] }), false);
    assert.equal(isErrorSpan(base), false);
  });

  it('draws an empty trace as no rows', () => {
    assert.deepEqual(waterfallOf(trace([])).rows, []);
  });
});
