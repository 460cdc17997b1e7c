/**
 * Decodes a protobuf ExportTraceServiceRequest (opentelemetry-proto collector/trace/v1) into
 * stored spans, and encodes the two answers the receiver sends. Field numbers are those of
 * trace/v1/trace.proto, common/v1/common.proto and resource/v1/resource.proto; fields this store
 * does not keep (trace_state, dropped counts, schema URLs, entity refs) are skipped.
 */
import { ProtobufReader, ProtobufWriter, WIRE } from './protobuf-reader.ts';
import type { SpanInterner } from './span-interner.ts';
import {
  NO_ATTRIBUTES,
  NO_EVENTS,
  NO_LINKS,
  STATUS_CODE,
  spanKindOf,
  statusCodeOf,
  type AttrValue,
  type Attributes,
  type SpanEvent,
  type SpanLink,
  type SpanResource,
  type SpanScope,
  type SpanStatus,
  type StoredSpan,
} from './span-model.ts';
import { nanosToMicros, spanIdHex, traceIdHex } from './otlp-ids.ts';

const UNSET_STATUS: SpanStatus = Object.freeze({ code: STATUS_CODE.UNSET, message: '' });

export function decodeTraceRequestProtobuf(body: Uint8Array, interner: SpanInterner): StoredSpan[] {
  const spans: StoredSpan[] = [];
  const r = new ProtobufReader(body);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'ExportTraceServiceRequest.resource_spans');
      resourceSpans(r.message(), interner, spans);
    } else r.skip(wire);
  }
  return spans;
}

function resourceSpans(r: ProtobufReader, interner: SpanInterner, out: StoredSpan[]): void {
  let resourceAttrs: Attributes = NO_ATTRIBUTES;
  const scopes: ProtobufReader[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'ResourceSpans.resource');
      resourceAttrs = resourceAttributes(r.message(), interner);
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'ResourceSpans.scope_spans');
      scopes.push(r.message());
    } else r.skip(wire);
  }
  // The resource may follow its scope_spans on the wire; read spans once it is known.
  const resource = interner.resource(resourceAttrs);
  for (const s of scopes) scopeSpans(s, resource, interner, out);
}

function resourceAttributes(r: ProtobufReader, interner: SpanInterner): Attributes {
  const acc = new AttributeAccumulator(interner);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'Resource.attributes');
      nestedKeyValue(r, interner, acc);
    } else r.skip(wire);
  }
  return acc.finish();
}

function scopeSpans(r: ProtobufReader, resource: SpanResource, interner: SpanInterner, out: StoredSpan[]): void {
  let scope = interner.scope('', '');
  const spanReaders: ProtobufReader[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'ScopeSpans.scope');
      scope = instrumentationScope(r.message(), interner);
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'ScopeSpans.spans');
      spanReaders.push(r.message());
    } else r.skip(wire);
  }
  for (const s of spanReaders) out.push(span(s, resource, scope, interner));
}

function instrumentationScope(r: ProtobufReader, interner: SpanInterner): SpanScope {
  let name = '';
  let version = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'InstrumentationScope.name');
      name = r.string();
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'InstrumentationScope.version');
      version = r.string();
    } else r.skip(wire);
  }
  return interner.scope(name, version);
}

function span(r: ProtobufReader, resource: SpanResource, scope: SpanScope, interner: SpanInterner): StoredSpan {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  let parent: Uint8Array | undefined;
  let name = '';
  let kind = 0;
  let start = 0n;
  let end = 0n;
  let flags = 0;
  const attrs = new AttributeAccumulator(interner);
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  let status = UNSET_STATUS;
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE.LEN, 'Span.trace_id');
        traceId = r.bytes();
        break;
      case 2:
        r.expect(wire, WIRE.LEN, 'Span.span_id');
        spanId = r.bytes();
        break;
      case 4:
        r.expect(wire, WIRE.LEN, 'Span.parent_span_id');
        parent = r.bytes();
        break;
      case 5:
        r.expect(wire, WIRE.LEN, 'Span.name');
        name = r.string(interner);
        break;
      case 6:
        r.expect(wire, WIRE.VARINT, 'Span.kind');
        kind = r.varint();
        break;
      case 7:
        r.expect(wire, WIRE.FIXED64, 'Span.start_time_unix_nano');
        start = r.fixed64();
        break;
      case 8:
        r.expect(wire, WIRE.FIXED64, 'Span.end_time_unix_nano');
        end = r.fixed64();
        break;
      case 9:
        r.expect(wire, WIRE.LEN, 'Span.attributes');
        nestedKeyValue(r, interner, attrs);
        break;
      case 11:
        r.expect(wire, WIRE.LEN, 'Span.events');
        events.push(event(r.message(), interner));
        break;
      case 13:
        r.expect(wire, WIRE.LEN, 'Span.links');
        links.push(link(r.message(), interner));
        break;
      case 15:
        r.expect(wire, WIRE.LEN, 'Span.status');
        status = spanStatus(r.message());
        break;
      case 16:
        r.expect(wire, WIRE.FIXED32, 'Span.flags');
        flags = r.fixed32() & 0xff;
        break;
      default:
        r.skip(wire);
    }
  }
  return {
    traceId: traceIdHex(traceId, 'Span.trace_id'),
    spanId: spanIdHex(spanId, 'Span.span_id'),
    parentSpanId: parent === undefined || parent.length === 0 ? undefined : spanIdHex(parent, 'Span.parent_span_id'),
    name,
    kind: spanKindOf(kind),
    startUs: nanosToMicros(start),
    endUs: nanosToMicros(end),
    flags,
    attributes: attrs.finish(),
    events: events.length === 0 ? NO_EVENTS : events,
    links: links.length === 0 ? NO_LINKS : links,
    status,
    resource,
    scope,
  };
}

function event(r: ProtobufReader, interner: SpanInterner): SpanEvent {
  let time = 0n;
  let name = '';
  const attrs = new AttributeAccumulator(interner);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.FIXED64, 'Span.Event.time_unix_nano');
      time = r.fixed64();
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'Span.Event.name');
      name = r.string(interner);
    } else if (field === 3) {
      r.expect(wire, WIRE.LEN, 'Span.Event.attributes');
      nestedKeyValue(r, interner, attrs);
    } else r.skip(wire);
  }
  return { timeUs: nanosToMicros(time), name, attributes: attrs.finish() };
}

function link(r: ProtobufReader, interner: SpanInterner): SpanLink {
  let traceId: Uint8Array | undefined;
  let spanId: Uint8Array | undefined;
  const attrs = new AttributeAccumulator(interner);
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'Span.Link.trace_id');
      traceId = r.bytes();
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'Span.Link.span_id');
      spanId = r.bytes();
    } else if (field === 4) {
      r.expect(wire, WIRE.LEN, 'Span.Link.attributes');
      nestedKeyValue(r, interner, attrs);
    } else r.skip(wire);
  }
  return {
    traceId: traceIdHex(traceId, 'Span.Link.trace_id'),
    spanId: spanIdHex(spanId, 'Span.Link.span_id'),
    attributes: attrs.finish(),
  };
}

function spanStatus(r: ProtobufReader): SpanStatus {
  let message = '';
  let code = 0;
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 2) {
      r.expect(wire, WIRE.LEN, 'Status.message');
      message = r.string();
    } else if (field === 3) {
      r.expect(wire, WIRE.VARINT, 'Status.code');
      code = r.varint();
    } else r.skip(wire);
  }
  const statusCode = statusCodeOf(code);
  return statusCode === STATUS_CODE.UNSET && message === '' ? UNSET_STATUS : { code: statusCode, message };
}

/** Collects KeyValue pairs into the store's two-array layout, each array no larger than it needs. */
class AttributeAccumulator {
  readonly #interner: SpanInterner;
  #keys: string[] | undefined;
  #values: AttrValue[] | undefined;

  constructor(interner: SpanInterner) {
    this.#interner = interner;
  }

  add(key: string, value: AttrValue): void {
    (this.#keys ??= []).push(key);
    (this.#values ??= []).push(value);
  }

  finish(): Attributes {
    if (!this.#keys || !this.#values) return NO_ATTRIBUTES;
    // slice() leaves behind the spare capacity push() grew.
    return { keys: this.#interner.keys(this.#keys), values: this.#values.slice() };
  }
}

/** The KeyValue that follows, read in place (spans carry a dozen each: no reader made per one). */
function nestedKeyValue(r: ProtobufReader, interner: SpanInterner, acc: AttributeAccumulator): void {
  const outer = r.enter();
  keyValue(r, interner, acc);
  r.leave(outer);
}

function nestedAnyValue(r: ProtobufReader, interner: SpanInterner): AttrValue {
  const outer = r.enter();
  const value = anyValue(r, interner);
  r.leave(outer);
  return value;
}

function keyValue(r: ProtobufReader, interner: SpanInterner, acc: AttributeAccumulator): void {
  let key = '';
  let value: AttrValue = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'KeyValue.key');
      key = r.string(interner);
    } else if (field === 2) {
      r.expect(wire, WIRE.LEN, 'KeyValue.value');
      value = nestedAnyValue(r, interner);
    } else r.skip(wire);
  }
  acc.add(key, value);
}

function anyValue(r: ProtobufReader, interner: SpanInterner): AttrValue {
  // An empty AnyValue is legal (no value set); it reads as the empty string.
  let value: AttrValue = '';
  while (!r.done) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        r.expect(wire, WIRE.LEN, 'AnyValue.string_value');
        value = r.string(interner);
        break;
      case 2:
        r.expect(wire, WIRE.VARINT, 'AnyValue.bool_value');
        value = r.bool();
        break;
      case 3: {
        r.expect(wire, WIRE.VARINT, 'AnyValue.int_value');
        value = r.int64Value();
        break;
      }
      case 4:
        r.expect(wire, WIRE.FIXED64, 'AnyValue.double_value');
        value = r.double();
        break;
      case 5:
        r.expect(wire, WIRE.LEN, 'AnyValue.array_value');
        value = arrayValue(r.message(), interner);
        break;
      case 6: {
        r.expect(wire, WIRE.LEN, 'AnyValue.kvlist_value');
        const m = r.message();
        const acc = new AttributeAccumulator(interner);
        while (!m.done) {
          const t = m.tag();
          if (t.field === 1) {
            m.expect(t.wire, WIRE.LEN, 'KeyValueList.values');
            nestedKeyValue(m, interner, acc);
          } else m.skip(t.wire);
        }
        value = { kind: 'kvlist', attributes: acc.finish() };
        break;
      }
      case 7:
        r.expect(wire, WIRE.LEN, 'AnyValue.bytes_value');
        // Copied: the request buffer must not stay alive for one attribute.
        value = Uint8Array.from(r.bytes());
        break;
      default:
        r.skip(wire);
    }
  }
  return value;
}

function arrayValue(r: ProtobufReader, interner: SpanInterner): AttrValue {
  const values: AttrValue[] = [];
  while (!r.done) {
    const { field, wire } = r.tag();
    if (field === 1) {
      r.expect(wire, WIRE.LEN, 'ArrayValue.values');
      values.push(nestedAnyValue(r, interner));
    } else r.skip(wire);
  }
  return { kind: 'array', values };
}

/** ExportTraceServiceResponse with no partial_success: the "all accepted" answer. */
export function encodeEmptyResponseProtobuf(): Uint8Array {
  return new Uint8Array(0);
}

/** google.rpc.Status { code = 1; message = 2 }. */
export function encodeStatusProtobuf(code: number, message: string): Uint8Array {
  return new ProtobufWriter().varint(1, code).string(2, message).finish();
}
