import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { decodeTraceRequestProtobuf } from './otlp-protobuf.ts';
import { newSpanId, newTraceId, protobufExport, readableSpan, type FixtureSpan } from './otlp-spans.fixture.ts';
import { fromReadableSpan } from './readable-span.ts';
import { SpanInterner } from './span-interner.ts';
import { SPAN_KIND } from './span-model.ts';

describe("the runtime's own spans", () => {
  it('are stored exactly as the same spans arriving over OTLP would be', () => {
    const traceId = newTraceId();
    const root = newSpanId();
    const spans: FixtureSpan[] = [
      {
        traceId,
        spanId: root,
        name: 'edge GET /',
        kind: SpanKind.SERVER,
        service: 'edge',
        instance: 'runtime',
        startUs: 1_700_000_000_000_123,
        durationUs: 4567,
        attributes: { 'http.response.status_code': 502, 'url.path': '/', retried: true, weights: [0.5, 1] },
        events: [{ time: [1_700_000_000, 2_000], name: 'upstream failed', attributes: { attempt: 1 } }],
        links: [{ context: { traceId: newTraceId(), spanId: newSpanId(), traceFlags: 1 } }],
        error: 'Bad Gateway',
      },
      {
        traceId,
        spanId: newSpanId(),
        parentSpanId: root,
        name: 'proxy',
        kind: SpanKind.CLIENT,
        service: 'edge',
        startUs: 1_700_000_000_000_200,
        durationUs: 10,
      },
    ];
    const direct = spans.map((s) => fromReadableSpan(readableSpan(s), new SpanInterner()));
    const overOtlp = decodeTraceRequestProtobuf(protobufExport(spans), new SpanInterner());
    assert.deepEqual(direct, overOtlp);
    assert.equal(direct[0]!.kind, SPAN_KIND.SERVER);
    assert.equal(direct[1]!.kind, SPAN_KIND.CLIENT);
  });

  it('refuses a span with an invalid trace ID', () => {
    const bad = readableSpan({
      traceId: 'nope',
      spanId: newSpanId(),
      name: 'x',
      service: 'edge',
      startUs: 0,
      durationUs: 0,
    });
    assert.throws(() => fromReadableSpan(bad, new SpanInterner()), /traceId/);
  });

  it('takes the AnyValue attributes of API 1.10, and does not follow a self-referencing one forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const span = readableSpan({
      traceId: newTraceId(),
      spanId: newSpanId(),
      name: 'x',
      service: 'edge',
      startUs: 0,
      durationUs: 0,
    });
    const stored = fromReadableSpan(
      {
        ...span,
        attributes: { raw: Uint8Array.from([1]), map: { a: 1 }, big: 2n ** 64n, small: 5n, gone: undefined, cyclic },
      },
      new SpanInterner(),
    );
    assert.deepEqual(stored.attributes.keys, ['raw', 'map', 'big', 'small', 'cyclic']);
    assert.deepEqual(stored.attributes.values.slice(0, 4), [
      Uint8Array.from([1]),
      { kind: 'kvlist', attributes: { keys: ['a'], values: [1] } },
      2n ** 64n,
      5,
    ]);
  });
});
