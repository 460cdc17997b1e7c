/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (the protobuf JSON mapping with the OTLP
 * exceptions: IDs as hex strings, enums as integers). Field names are lowerCamelCase; the
 * original snake_case names are accepted too, as proto3 JSON parsers do. Unknown fields are
 * ignored; a field of the wrong type fails the whole request.
 */
import { OtlpDecodeError } from './otlp-errors.ts';
import { MAX_DEPTH } from './protobuf-reader.ts';
import { nanosToMicros, spanIdFromHex, traceIdFromHex } from './otlp-ids.ts';
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

type JsonObject = Readonly<Record<string, unknown>>;

const SPAN_KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

export function decodeTraceRequestJson(text: string, interner: SpanInterner): StoredSpan[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new OtlpDecodeError('body is not valid JSON');
  }
  const root = object(doc, 'ExportTraceServiceRequest');
  const spans: StoredSpan[] = [];
  for (const rs of list(field(root, 'resourceSpans', 'resource_spans'), 'resourceSpans')) {
    resourceSpans(object(rs, 'resourceSpans[]'), interner, spans);
  }
  return spans;
}

function resourceSpans(rs: JsonObject, interner: SpanInterner, out: StoredSpan[]): void {
  const r = field(rs, 'resource');
  const attrs =
    r === undefined || r === null ? NO_ATTRIBUTES : attributes(object(r, 'resource').attributes, interner, 1);
  const resource = interner.resource(attrs);
  for (const ss of list(field(rs, 'scopeSpans', 'scope_spans'), 'scopeSpans')) {
    scopeSpans(object(ss, 'scopeSpans[]'), resource, interner, out);
  }
}

function scopeSpans(ss: JsonObject, resource: SpanResource, interner: SpanInterner, out: StoredSpan[]): void {
  const s = field(ss, 'scope');
  let scope: SpanScope;
  if (s === undefined || s === null) scope = interner.scope('', '');
  else {
    const so = object(s, 'scope');
    scope = interner.scope(str(so.name, 'scope.name'), str(so.version, 'scope.version'));
  }
  for (const sp of list(ss.spans, 'spans')) out.push(span(object(sp, 'spans[]'), resource, scope, interner));
}

function span(s: JsonObject, resource: SpanResource, scope: SpanScope, interner: SpanInterner): StoredSpan {
  const parent = str(field(s, 'parentSpanId', 'parent_span_id'), 'parentSpanId');
  const flags = field(s, 'flags');
  return {
    traceId: traceIdFromHex(str(field(s, 'traceId', 'trace_id'), 'traceId'), 'traceId'),
    spanId: spanIdFromHex(str(field(s, 'spanId', 'span_id'), 'spanId'), 'spanId'),
    parentSpanId: parent === '' ? undefined : spanIdFromHex(parent, 'parentSpanId'),
    name: interner.string(str(s.name, 'name')),
    kind: spanKindOf(enumValue(s.kind, SPAN_KIND_NAMES, 'kind')),
    startUs: nanosToMicros(uint64(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano')),
    endUs: nanosToMicros(uint64(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano')),
    flags: flags === undefined || flags === null ? 0 : Number(uint64(flags, 'flags') & 0xffn),
    attributes: attributes(s.attributes, interner, 1),
    events: orNone(
      list(s.events, 'events').map((e) => event(object(e, 'events[]'), interner)),
      NO_EVENTS,
    ),
    links: orNone(
      list(s.links, 'links').map((l) => link(object(l, 'links[]'), interner)),
      NO_LINKS,
    ),
    status: status(s.status),
    resource,
    scope,
  };
}

function event(e: JsonObject, interner: SpanInterner): SpanEvent {
  return {
    timeUs: nanosToMicros(uint64(field(e, 'timeUnixNano', 'time_unix_nano'), 'event.timeUnixNano')),
    name: interner.string(str(e.name, 'event.name')),
    attributes: attributes(e.attributes, interner, 1),
  };
}

function link(l: JsonObject, interner: SpanInterner): SpanLink {
  return {
    traceId: traceIdFromHex(str(field(l, 'traceId', 'trace_id'), 'link.traceId'), 'link.traceId'),
    spanId: spanIdFromHex(str(field(l, 'spanId', 'span_id'), 'link.spanId'), 'link.spanId'),
    attributes: attributes(l.attributes, interner, 1),
  };
}

function status(v: unknown): SpanStatus {
  if (v === undefined || v === null) return { code: STATUS_CODE.UNSET, message: '' };
  const s = object(v, 'status');
  return {
    code: statusCodeOf(enumValue(s.code, STATUS_NAMES, 'status.code')),
    message: str(s.message, 'status.message'),
  };
}

function attributes(v: unknown, interner: SpanInterner, depth: number): Attributes {
  const items = list(v, 'attributes');
  if (items.length === 0) return NO_ATTRIBUTES;
  const keys: string[] = [];
  const values: AttrValue[] = [];
  for (const item of items) {
    const kv = object(item, 'attributes[]');
    keys.push(interner.string(str(kv.key, 'attribute key')));
    values.push(anyValue(kv.value, interner, depth + 1));
  }
  return { keys: interner.keys(keys), values };
}

function orNone<T>(items: readonly T[], none: readonly T[]): readonly T[] {
  return items.length === 0 ? none : items;
}

function anyValue(v: unknown, interner: SpanInterner, depth: number): AttrValue {
  if (depth > MAX_DEPTH) throw new OtlpDecodeError(`attribute values nest deeper than ${MAX_DEPTH}`);
  if (v === undefined || v === null) return '';
  const o = object(v, 'AnyValue');
  const s = field(o, 'stringValue', 'string_value');
  if (s !== undefined) return interner.string(str(s, 'stringValue'));
  const b = field(o, 'boolValue', 'bool_value');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new OtlpDecodeError('boolValue must be a boolean');
    return b;
  }
  const i = field(o, 'intValue', 'int_value');
  if (i !== undefined) {
    const n = int64(i, 'intValue');
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  const d = field(o, 'doubleValue', 'double_value');
  if (d !== undefined) return double(d);
  const a = field(o, 'arrayValue', 'array_value');
  if (a !== undefined) {
    const values = list(object(a, 'arrayValue').values, 'arrayValue.values');
    return { kind: 'array', values: values.map((x) => anyValue(x, interner, depth + 1)) };
  }
  const kv = field(o, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    return { kind: 'kvlist', attributes: attributes(object(kv, 'kvlistValue').values, interner, depth + 1) };
  }
  const by = field(o, 'bytesValue', 'bytes_value');
  if (by !== undefined) return Uint8Array.from(Buffer.from(str(by, 'bytesValue'), 'base64'));
  return '';
}

function field(o: JsonObject, camel: string, snake?: string): unknown {
  const v = o[camel];
  return v === undefined && snake !== undefined ? o[snake] : v;
}

function object(v: unknown, what: string): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new OtlpDecodeError(`${what} must be an object`);
  // A JSON.parse result with object type is a plain record of unknown values.
  return v as JsonObject;
}

function list(v: unknown, what: string): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${what} must be an array`);
  return v;
}

/** Proto3 JSON omits default values, so a missing string is the empty string. */
function str(v: unknown, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new OtlpDecodeError(`${what} must be a string`);
  return v;
}

function enumValue(v: unknown, names: Readonly<Record<string, number>>, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && names[v] !== undefined) return names[v];
  throw new OtlpDecodeError(`${what} must be an integer`);
}

const DECIMAL = /^-?\d{1,20}$/;

function int64(v: unknown, what: string): bigint {
  let n: bigint;
  if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && DECIMAL.test(v)) n = BigInt(v);
  else throw new OtlpDecodeError(`${what} must be an integer or a decimal string`);
  if (n !== BigInt.asIntN(64, n)) throw new OtlpDecodeError(`${what} is outside the 64-bit range`);
  return n;
}

function uint64(v: unknown, what: string): bigint {
  if (v === undefined || v === null) return 0n;
  let n: bigint;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) n = BigInt(v);
  else if (typeof v === 'string' && DECIMAL.test(v) && !v.startsWith('-')) n = BigInt(v);
  else throw new OtlpDecodeError(`${what} must be a non-negative integer or a decimal string`);
  if (n !== BigInt.asUintN(64, n)) throw new OtlpDecodeError(`${what} is outside the 64-bit range`);
  return n;
}

function double(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpDecodeError('doubleValue must be a number');
}
