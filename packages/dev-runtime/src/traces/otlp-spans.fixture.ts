/**
 * Real OTLP bytes for tests: spans built as the SDK's ReadableSpan and encoded by
 * @opentelemetry/otlp-transformer, the same encoder the services' exporters use.
 */
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type Link } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

export interface FixtureSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind?: SpanKind;
  readonly service: string;
  readonly instance?: string;
  /** Microseconds since the epoch. */
  readonly startUs: number;
  readonly durationUs: number;
  readonly attributes?: Attributes;
  readonly events?: readonly TimedEvent[];
  readonly links?: readonly Link[];
  readonly error?: string;
  readonly scope?: string;
}

export function hrTime(us: number): HrTime {
  return [Math.floor(us / 1e6), (us % 1e6) * 1000];
}

export function readableSpan(f: FixtureSpan): ReadableSpan {
  const start = hrTime(f.startUs);
  const end = hrTime(f.startUs + f.durationUs);
  return {
    name: f.name,
    kind: f.kind ?? SpanKind.INTERNAL,
    spanContext: () => ({ traceId: f.traceId, spanId: f.spanId, traceFlags: TraceFlags.SAMPLED }),
    ...(f.parentSpanId
      ? { parentSpanContext: { traceId: f.traceId, spanId: f.parentSpanId, traceFlags: TraceFlags.SAMPLED } }
      : {}),
    startTime: start,
    endTime: end,
    duration: hrTime(f.durationUs),
    status: f.error === undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message: f.error },
    attributes: f.attributes ?? {},
    links: [...(f.links ?? [])],
    events: [...(f.events ?? [])],
    ended: true,
    resource: resourceFromAttributes({
      'service.name': f.service,
      ...(f.instance ? { 'service.instance.id': f.instance } : {}),
    }),
    instrumentationScope: { name: f.scope ?? '@dwp/service-kit', version: '1.0.0' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

export function protobufExport(spans: readonly FixtureSpan[]): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans.map(readableSpan));
  if (!bytes) throw new Error('the OTLP protobuf serializer produced nothing');
  return bytes;
}

export function jsonExport(spans: readonly FixtureSpan[]): Uint8Array {
  const bytes = JsonTraceSerializer.serializeRequest(spans.map(readableSpan));
  if (!bytes) throw new Error('the OTLP JSON serializer produced nothing');
  return bytes;
}

let counter = 0;

/** A fresh, valid trace ID (32 hex digits) for each call. */
export function newTraceId(): string {
  counter++;
  return `${counter.toString(16).padStart(16, '0')}${'a'.repeat(16)}`;
}

/** A fresh, valid span ID (16 hex digits) for each call. */
export function newSpanId(): string {
  counter++;
  return `${counter.toString(16).padStart(8, '0')}${'b'.repeat(8)}`;
}
