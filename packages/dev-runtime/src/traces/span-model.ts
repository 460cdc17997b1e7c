/**
 * The shape the trace store keeps: one decoded OTLP span, laid out for memory rather than for
 * reading. Attributes are two parallel arrays instead of one object per pair, resources and scopes
 * are shared by every span of one process, and times are whole microseconds (what Jaeger shows).
 */

/** An OTLP AnyValue. Integers that fit a double exactly are numbers; wider ones stay bigint. */
export type AttrValue = string | boolean | number | bigint | Uint8Array | AttrArray | AttrKvList;

/** OTLP ArrayValue. */
export interface AttrArray {
  readonly kind: 'array';
  readonly values: readonly AttrValue[];
}

/** OTLP KeyValueList. */
export interface AttrKvList {
  readonly kind: 'kvlist';
  readonly attributes: Attributes;
}

/** Keys and values side by side: `values[i]` belongs to `keys[i]`. */
export interface Attributes {
  readonly keys: readonly string[];
  readonly values: readonly AttrValue[];
}

export const NO_ATTRIBUTES: Attributes = Object.freeze({ keys: Object.freeze([]), values: Object.freeze([]) });
/** Shared by every span without events or links, so each does not hold an empty array of its own. */
export const NO_EVENTS: readonly SpanEvent[] = Object.freeze([]);
export const NO_LINKS: readonly SpanLink[] = Object.freeze([]);

/** OTLP SpanKind numbers. */
export const SPAN_KIND = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SPAN_KIND)[keyof typeof SPAN_KIND];

/** OTLP Status.StatusCode numbers. */
export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof STATUS_CODE)[keyof typeof STATUS_CODE];

export interface SpanResource {
  /** `service.name`, or `unknown_service` as the OTel SDKs default it. */
  readonly serviceName: string;
  /** `service.instance.id` when the process set one. */
  readonly instanceId: string | undefined;
  readonly attributes: Attributes;
}

export interface SpanScope {
  readonly name: string;
  readonly version: string;
}

export interface SpanEvent {
  readonly timeUs: number;
  readonly name: string;
  readonly attributes: Attributes;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

export interface SpanStatus {
  readonly code: StatusCode;
  readonly message: string;
}

export interface StoredSpan {
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** 16 lower-case hex digits. */
  readonly spanId: string;
  /** 16 lower-case hex digits, or `undefined` for a root span. */
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startUs: number;
  readonly endUs: number;
  /** The low 8 bits of OTLP `Span.flags`: the W3C trace flags. */
  readonly flags: number;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly status: SpanStatus;
  readonly resource: SpanResource;
  readonly scope: SpanScope;
}

export const UNKNOWN_SERVICE = 'unknown_service';

const KINDS: readonly SpanKind[] = [0, 1, 2, 3, 4, 5];

/** An unknown kind number reads as UNSPECIFIED, as the OTLP spec asks of receivers. */
export function spanKindOf(n: number): SpanKind {
  return KINDS[n] ?? SPAN_KIND.UNSPECIFIED;
}

export function statusCodeOf(n: number): StatusCode {
  return n === 1 || n === 2 ? n : STATUS_CODE.UNSET;
}

/** The value of `key`, if the span set it. */
export function attribute(attrs: Attributes, key: string): AttrValue | undefined {
  const i = attrs.keys.indexOf(key);
  return i < 0 ? undefined : attrs.values[i];
}
