import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { OtlpDecodeError } from './otlp-errors.ts';
import { decodeTraceRequestProtobuf, encodeStatusProtobuf } from './otlp-protobuf.ts';
import { newSpanId, newTraceId, protobufExport } from './otlp-spans.fixture.ts';
import { ProtobufReader, ProtobufWriter } from './protobuf-reader.ts';
import { SpanInterner } from './span-interner.ts';
import { SPAN_KIND, STATUS_CODE } from './span-model.ts';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const decodeError = (e: unknown) => e instanceof OtlpDecodeError && e.code === 'TRACES_ERR_OTLP_DECODE';
const decode = (b: Uint8Array) => decodeTraceRequestProtobuf(b, new SpanInterner());

/**
 * One ExportTraceServiceRequest written out by hand from the .proto field numbers: a resource
 * with service.name "a" and one SERVER span "GET" with status ERROR, 2.5 ms long.
 */
const HAND_MADE = bytes(
  `
  0a 54                                     // resource_spans (1), 84 bytes
    0a 15                                   // resource (1), 21 bytes
      0a 13                                 // attributes (1) KeyValue, 19 bytes
        0a 0c 736572766963652e6e616d65      // key (1) "service.name"
        12 03 0a 01 61                      // value (2) AnyValue { string_value (1) "a" }
    12 3b                                   // scope_spans (2), 59 bytes
      12 39                                 // spans (2), 57 bytes
        0a 10 0102030405060708090a0b0c0d0e0f10  // trace_id (1)
        12 08 1112131415161718              // span_id (2)
        2a 03 474554                        // name (5) "GET"
        30 02                               // kind (6) SPAN_KIND_SERVER
        39 00002a36fe9c9717                 // start_time_unix_nano (7) 1.7e18
        41 a0255036fe9c9717                 // end_time_unix_nano (8) + 2 500 000
        7a 02 18 02                         // status (15) { code (3) ERROR }
`.replace(/\/\/.*$/gm, ''),
);

describe('OTLP protobuf decoding', () => {
  it('decodes a request written by hand from the proto field numbers', () => {
    const [span, ...rest] = decode(HAND_MADE);
    assert.equal(rest.length, 0);
    assert.deepEqual(
      {
        traceId: span!.traceId,
        spanId: span!.spanId,
        parent: span!.parentSpanId,
        name: span!.name,
        kind: span!.kind,
        startUs: span!.startUs,
        endUs: span!.endUs,
        status: span!.status,
        service: span!.resource.serviceName,
      },
      {
        traceId: '0102030405060708090a0b0c0d0e0f10',
        spanId: '1112131415161718',
        parent: undefined,
        name: 'GET',
        kind: SPAN_KIND.SERVER,
        startUs: 1_700_000_000_000_000,
        endUs: 1_700_000_000_002_500,
        status: { code: STATUS_CODE.ERROR, message: '' },
        service: 'a',
      },
    );
  });

  it('decodes what the OTLP exporter serializer writes, every field the store keeps', () => {
    const traceId = newTraceId();
    const linkedTrace = newTraceId();
    const [root, child] = [newSpanId(), newSpanId()];
    const linked = newSpanId();
    const body = protobufExport([
      {
        traceId,
        spanId: root,
        name: 'GET /claims/{id}',
        kind: SpanKind.SERVER,
        service: 'claims-api',
        instance: 'claims-api-1',
        startUs: 1_700_000_000_123_456,
        durationUs: 1500,
        attributes: {
          'http.response.status_code': 500,
          'http.request.method': 'GET',
          ratio: 0.25,
          cached: false,
          'dwp.tags': ['a', 'b'],
        },
        events: [{ time: [1_700_000_000, 124_000_000], name: 'exception', attributes: { 'exception.type': 'Error' } }],
        links: [{ context: { traceId: linkedTrace, spanId: linked, traceFlags: 1 }, attributes: { why: 'retry' } }],
        error: 'Internal Server Error',
        scope: '@opentelemetry/instrumentation-http',
      },
      {
        traceId,
        spanId: child,
        parentSpanId: root,
        name: 'pg.query',
        kind: SpanKind.CLIENT,
        service: 'claims-api',
        startUs: 1_700_000_000_123_500,
        durationUs: 400,
      },
    ]);
    const [a, b] = decode(body);
    assert.ok(a && b);
    assert.equal(a.traceId, traceId);
    assert.equal(a.spanId, root);
    assert.equal(a.parentSpanId, undefined);
    assert.equal(a.kind, SPAN_KIND.SERVER);
    assert.equal(a.startUs, 1_700_000_000_123_456);
    assert.equal(a.endUs - a.startUs, 1500);
    assert.equal(a.flags, 1);
    assert.deepEqual(a.attributes.keys, [
      'http.response.status_code',
      'http.request.method',
      'ratio',
      'cached',
      'dwp.tags',
    ]);
    assert.deepEqual(a.attributes.values, [500, 'GET', 0.25, false, { kind: 'array', values: ['a', 'b'] }]);
    assert.deepEqual(a.events, [
      { timeUs: 1_700_000_000_124_000, name: 'exception', attributes: { keys: ['exception.type'], values: ['Error'] } },
    ]);
    assert.deepEqual(a.links, [
      { traceId: linkedTrace, spanId: linked, attributes: { keys: ['why'], values: ['retry'] } },
    ]);
    assert.deepEqual(a.status, { code: STATUS_CODE.ERROR, message: 'Internal Server Error' });
    assert.equal(a.resource.serviceName, 'claims-api');
    assert.equal(a.resource.instanceId, 'claims-api-1');
    assert.deepEqual(a.scope, { name: '@opentelemetry/instrumentation-http', version: '1.0.0' });
    assert.equal(b.parentSpanId, root);
    assert.equal(b.kind, SPAN_KIND.CLIENT);
    assert.equal(b.resource.instanceId, undefined);
  });

  it('decodes kvlist and bytes values and int64 beyond 2^53', () => {
    const kv = (key: string, anyValue: Uint8Array) => new ProtobufWriter().string(1, key).bytes(2, anyValue).finish();
    const inner = new ProtobufWriter().bytes(1, kv('k', new ProtobufWriter().string(1, 'v').finish())).finish();
    const big = bytes('18 ffffffffffffffff7f'); // int_value (3) = 2^63 - 1
    const span = new ProtobufWriter()
      .bytes(1, bytes('0102030405060708090a0b0c0d0e0f10'))
      .bytes(2, bytes('1112131415161718'))
      .bytes(9, kv('map', new ProtobufWriter().bytes(6, inner).finish()))
      .bytes(9, kv('raw', new ProtobufWriter().bytes(7, bytes('cafe')).finish()))
      .bytes(9, kv('big', big))
      .finish();
    const request = new ProtobufWriter()
      .bytes(1, new ProtobufWriter().bytes(2, new ProtobufWriter().bytes(2, span).finish()).finish())
      .finish();
    const [s] = decode(request);
    assert.deepEqual(s!.attributes.values, [
      { kind: 'kvlist', attributes: { keys: ['k'], values: ['v'] } },
      Uint8Array.from([0xca, 0xfe]),
      2n ** 63n - 1n,
    ]);
    assert.equal(s!.resource.serviceName, 'unknown_service');
  });

  it('skips fields it does not know, of every wire type', () => {
    // HAND_MADE with unknown fields 99 (varint), 98 (fixed64), 97 (len) and 96 (fixed32) in front.
    const unknown = bytes('98 06 01  91 06 0000000000000000  8a 06 02 abcd  85 06 00000000');
    const withUnknown = Uint8Array.from([...unknown, ...HAND_MADE]);
    assert.equal(decode(withUnknown)[0]!.name, 'GET');
  });

  it('decodes an empty request as no spans', () => {
    assert.deepEqual(decode(new Uint8Array(0)), []);
  });

  it('refuses a request cut off in the middle', () => {
    for (const cut of [1, 10, 40, HAND_MADE.length - 1]) {
      assert.throws(() => decode(HAND_MADE.subarray(0, cut)), decodeError, `cut at ${cut}`);
    }
  });

  it('refuses a span whose trace_id is not 16 bytes or whose span_id is all zeroes', () => {
    const spanWith = (traceId: string, spanId: string) =>
      new ProtobufWriter()
        .bytes(
          1,
          new ProtobufWriter()
            .bytes(
              2,
              new ProtobufWriter()
                .bytes(2, new ProtobufWriter().bytes(1, bytes(traceId)).bytes(2, bytes(spanId)).finish())
                .finish(),
            )
            .finish(),
        )
        .finish();
    assert.throws(() => decode(spanWith('0102', '1112131415161718')), /trace_id must be 16 bytes/);
    assert.throws(() => decode(spanWith('0102030405060708090a0b0c0d0e0f10', '0000000000000000')), /all zeroes/);
  });

  it('refuses a field sent with the wrong wire type', () => {
    // resource_spans (1) sent as a varint.
    assert.throws(() => decode(bytes('08 01')), decodeError);
  });

  it('encodes google.rpc.Status with code and message', () => {
    const r = new ProtobufReader(encodeStatusProtobuf(3, 'bad'));
    assert.deepEqual(r.tag(), { field: 1, wire: 0 });
    assert.equal(r.varint(), 3);
    assert.deepEqual(r.tag(), { field: 2, wire: 2 });
    assert.equal(r.string(), 'bad');
  });
});
