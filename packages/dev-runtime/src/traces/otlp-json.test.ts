import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpanKind } from '@opentelemetry/api';
import { OtlpDecodeError } from './otlp-errors.ts';
import { decodeTraceRequestJson } from './otlp-json.ts';
import { decodeTraceRequestProtobuf } from './otlp-protobuf.ts';
import { jsonExport, newSpanId, newTraceId, protobufExport, type FixtureSpan } from './otlp-spans.fixture.ts';
import { SpanInterner } from './span-interner.ts';
import { SPAN_KIND, STATUS_CODE } from './span-model.ts';

const decode = (text: string) => decodeTraceRequestJson(text, new SpanInterner());
const decodeError = (e: unknown) => e instanceof OtlpDecodeError && e.code === 'TRACES_ERR_OTLP_DECODE';

function request(span: Record<string, unknown>, resource: unknown = { attributes: [] }): string {
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }] });
}

const TRACE = '5B8EFFF798038103D269B633813FC60C';
const SPAN = 'EEE19B7EC3C1B174';

describe('OTLP JSON decoding', () => {
  it('decodes what the OTLP JSON serializer writes the same as its protobuf twin', () => {
    const traceId = newTraceId();
    const spans: FixtureSpan[] = [
      {
        traceId,
        spanId: newSpanId(),
        name: 'POST /claims',
        kind: SpanKind.SERVER,
        service: 'claims-api',
        instance: 'claims-api-2',
        startUs: 1_700_000_000_000_001,
        durationUs: 12_345,
        attributes: { 'http.response.status_code': 201, big: 2 ** 40, list: [true, false] },
        events: [{ time: [1_700_000_000, 5000], name: 'retry', attributes: { attempt: 2 } }],
        error: 'failed',
      },
    ];
    const fromJson = decode(Buffer.from(jsonExport(spans)).toString('utf8'));
    const fromProto = decodeTraceRequestProtobuf(protobufExport(spans), new SpanInterner());
    assert.deepEqual(fromJson, fromProto);
    assert.equal(fromJson[0]!.kind, SPAN_KIND.SERVER);
  });

  it('reads hex IDs in either case, int64 as string or number, and enum integers', () => {
    const [s] = decode(
      request({
        traceId: TRACE,
        spanId: SPAN,
        parentSpanId: '',
        name: 'GET',
        kind: 3,
        startTimeUnixNano: '1544712660000000000',
        endTimeUnixNano: 1544712661000000,
        attributes: [
          { key: 'n', value: { intValue: '9007199254740993' } },
          { key: 'm', value: { intValue: 42 } },
          { key: 'd', value: { doubleValue: 'NaN' } },
          { key: 'b', value: { bytesValue: 'yv4=' } },
          { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { stringValue: 'y' } }] } } },
          { key: 'empty', value: {} },
        ],
        status: { code: 2, message: 'no' },
      }),
    );
    assert.equal(s!.traceId, TRACE.toLowerCase());
    assert.equal(s!.spanId, SPAN.toLowerCase());
    assert.equal(s!.parentSpanId, undefined);
    assert.equal(s!.kind, SPAN_KIND.CLIENT);
    assert.equal(s!.startUs, 1_544_712_660_000_000);
    assert.equal(s!.endUs, 1_544_712_661_000);
    assert.deepEqual(s!.attributes.values, [
      9007199254740993n,
      42,
      Number.NaN,
      Uint8Array.from([0xca, 0xfe]),
      { kind: 'kvlist', attributes: { keys: ['x'], values: ['y'] } },
      '',
    ]);
    assert.deepEqual(s!.status, { code: STATUS_CODE.ERROR, message: 'no' });
  });

  it('accepts enum names and snake_case field names, as proto3 JSON parsers do', () => {
    const [s] = decode(
      JSON.stringify({
        resource_spans: [
          {
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: TRACE,
                    span_id: SPAN,
                    kind: 'SPAN_KIND_PRODUCER',
                    start_time_unix_nano: '1',
                    status: { code: 'STATUS_CODE_OK' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    assert.equal(s!.kind, SPAN_KIND.PRODUCER);
    assert.equal(s!.status.code, STATUS_CODE.OK);
  });

  it('takes service.name and service.instance.id from the resource', () => {
    const [s] = decode(
      request(
        { traceId: TRACE, spanId: SPAN },
        {
          attributes: [
            { key: 'service.name', value: { stringValue: 'address-api' } },
            { key: 'service.instance.id', value: { stringValue: 'address-api-1' } },
          ],
        },
      ),
    );
    assert.equal(s!.resource.serviceName, 'address-api');
    assert.equal(s!.resource.instanceId, 'address-api-1');
  });

  it('ignores unknown fields', () => {
    assert.equal(decode(request({ traceId: TRACE, spanId: SPAN, futureField: { a: 1 } })).length, 1);
  });

  it('refuses a body that is not JSON or not an object', () => {
    for (const text of ['', '{', '[]', 'null', '"x"']) assert.throws(() => decode(text), decodeError, text);
  });

  it('refuses fields of the wrong type', () => {
    const bad: Record<string, unknown>[] = [
      { traceId: 'xyz', spanId: SPAN },
      { traceId: TRACE, spanId: '00000000000000000' },
      { traceId: TRACE, spanId: '0000000000000000' },
      { traceId: TRACE, spanId: SPAN, name: 7 },
      { traceId: TRACE, spanId: SPAN, kind: 'server' },
      { traceId: TRACE, spanId: SPAN, startTimeUnixNano: '-1' },
      { traceId: TRACE, spanId: SPAN, startTimeUnixNano: '18446744073709551616' },
      { traceId: TRACE, spanId: SPAN, attributes: {} },
      { traceId: TRACE, spanId: SPAN, attributes: [{ key: 'a', value: { boolValue: 'yes' } }] },
      { traceId: TRACE, spanId: SPAN, attributes: [{ key: 'a', value: { intValue: 1.5 } }] },
      { traceId: TRACE, spanId: SPAN, events: [{ timeUnixNano: 'soon' }] },
    ];
    for (const span of bad) assert.throws(() => decode(request(span)), decodeError, JSON.stringify(span));
  });

  it('refuses attribute values nested deeper than 32', () => {
    let value: unknown = { stringValue: 'deep' };
    for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } };
    assert.throws(() => decode(request({ traceId: TRACE, spanId: SPAN, attributes: [{ key: 'a', value }] })), /deeper/);
  });
});
