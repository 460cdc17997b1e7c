/**
 * The runtime's own spans (it hosts the edge in-process) go straight into the store, not through
 * OTLP. This reads the OpenTelemetry SDK's ReadableSpan into a stored span. The SDK is described
 * here by the few fields read, so the runtime needs no tracing dependency to take its spans in.
 */
import type { SpanInterner } from './span-interner.ts';
import {
  NO_ATTRIBUTES,
  NO_EVENTS,
  NO_LINKS,
  spanKindOf,
  statusCodeOf,
  type AttrValue,
  type Attributes,
  type StoredSpan,
} from './span-model.ts';
import { spanIdFromHex, traceIdFromHex } from './otlp-ids.ts';
import { MAX_DEPTH } from './protobuf-reader.ts';

/** [seconds, nanoseconds], the SDK's HrTime. */
export type HrTimeLike = readonly [number, number];

/** The API's Attributes: since @opentelemetry/api 1.10 any AnyValue, typed `unknown`. */
export type ApiAttributes = Readonly<Record<string, unknown>>;

interface SpanContextLike {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceFlags: number;
}

/** The parts of `@opentelemetry/sdk-trace`'s ReadableSpan read here. */
export interface ReadableSpanLike {
  readonly name: string;
  /** The API's SpanKind: INTERNAL = 0, SERVER, CLIENT, PRODUCER, CONSUMER (OTLP's numbers less one). */
  readonly kind: number;
  readonly spanContext: () => SpanContextLike;
  readonly parentSpanContext?: SpanContextLike | undefined;
  readonly startTime: HrTimeLike;
  readonly endTime: HrTimeLike;
  readonly status: { readonly code: number; readonly message?: string | undefined };
  readonly attributes: ApiAttributes;
  readonly events: readonly {
    readonly time: HrTimeLike;
    readonly name: string;
    readonly attributes?: ApiAttributes | undefined;
  }[];
  readonly links: readonly { readonly context: SpanContextLike; readonly attributes?: ApiAttributes | undefined }[];
  readonly resource: { readonly attributes: ApiAttributes };
  readonly instrumentationScope: { readonly name: string; readonly version?: string | undefined };
}

/** Throws an OtlpDecodeError for a span with invalid IDs, as the receivers do. */
export function fromReadableSpan(span: ReadableSpanLike, interner: SpanInterner): StoredSpan {
  const context = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  return {
    traceId: traceIdFromHex(context.traceId, 'traceId'),
    spanId: spanIdFromHex(context.spanId, 'spanId'),
    parentSpanId: parent === undefined || parent === '' ? undefined : spanIdFromHex(parent, 'parentSpanId'),
    name: interner.string(span.name),
    kind: spanKindOf(span.kind + 1),
    startUs: micros(span.startTime),
    endUs: micros(span.endTime),
    flags: context.traceFlags & 0xff,
    attributes: attributes(span.attributes, interner),
    events:
      span.events.length === 0
        ? NO_EVENTS
        : span.events.map((e) => ({
            timeUs: micros(e.time),
            name: interner.string(e.name),
            attributes: attributes(e.attributes ?? {}, interner),
          })),
    links:
      span.links.length === 0
        ? NO_LINKS
        : span.links.map((l) => ({
            traceId: traceIdFromHex(l.context.traceId, 'link.traceId'),
            spanId: spanIdFromHex(l.context.spanId, 'link.spanId'),
            attributes: attributes(l.attributes ?? {}, interner),
          })),
    status: { code: statusCodeOf(span.status.code), message: span.status.message ?? '' },
    resource: interner.resource(attributes(span.resource.attributes, interner)),
    scope: interner.scope(span.instrumentationScope.name, span.instrumentationScope.version ?? ''),
  };
}

function micros([seconds, nanos]: HrTimeLike): number {
  return seconds * 1_000_000 + Math.floor(nanos / 1000);
}

function attributes(attrs: ApiAttributes, interner: SpanInterner, depth = 0): Attributes {
  const keys: string[] = [];
  const values: AttrValue[] = [];
  for (const [key, v] of Object.entries(attrs)) {
    const converted = value(v, interner, depth);
    // Unset values (and values OTLP cannot carry) are left out, as the SDK's exporter does.
    if (converted === undefined) continue;
    keys.push(interner.string(key));
    values.push(converted);
  }
  return keys.length === 0 ? NO_ATTRIBUTES : { keys: interner.keys(keys), values };
}

function value(v: unknown, interner: SpanInterner, depth: number): AttrValue | undefined {
  if (typeof v === 'string') return interner.string(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // As the decoders do: a bigint that fits a double exactly is kept as a number.
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  // A self-referencing attribute object must not recurse forever.
  if (depth >= MAX_DEPTH) return undefined;
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (Array.isArray(v)) {
    // An unset element is exported as an empty AnyValue, which reads as ''.
    return { kind: 'array', values: v.map((x: unknown) => value(x, interner, depth + 1) ?? '') };
  }
  return { kind: 'kvlist', attributes: attributes(Object.fromEntries(Object.entries(v)), interner, depth + 1) };
}
