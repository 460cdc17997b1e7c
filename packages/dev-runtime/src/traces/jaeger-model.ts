/**
 * Stored traces in the JSON the Jaeger HTTP API returns (jaeger `model/json`, the shape the Jaeger
 * UI reads), with the OTLP-to-Jaeger mappings Jaeger's own OTLP receiver applies: status to
 * `error`, `otel.status_code` and `otel.status_description`; kind to `span.kind`; scope to
 * `otel.scope.name`/`otel.scope.version`; events to logs with an `event` field; the parent to a
 * CHILD_OF reference and links to FOLLOWS_FROM; resource attributes to the process's tags.
 */
import { valueText } from './span-interner.ts';
import {
  SPAN_KIND,
  STATUS_CODE,
  type AttrValue,
  type Attributes,
  type SpanKind,
  type StoredSpan,
} from './span-model.ts';
import type { StoredTrace } from './trace-store.ts';

export interface JaegerTag {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string | number | boolean;
}

export interface JaegerReference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerLog {
  readonly timestamp: number;
  readonly fields: readonly JaegerTag[];
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly flags: number;
  readonly operationName: string;
  readonly references: readonly JaegerReference[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly JaegerLog[];
  readonly processID: string;
  readonly warnings: readonly string[] | null;
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: readonly JaegerTag[];
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, JaegerProcess>>;
  readonly warnings: readonly string[] | null;
}

const KIND_NAMES: Readonly<Record<SpanKind, string>> = {
  [SPAN_KIND.UNSPECIFIED]: '',
  [SPAN_KIND.INTERNAL]: 'internal',
  [SPAN_KIND.SERVER]: 'server',
  [SPAN_KIND.CLIENT]: 'client',
  [SPAN_KIND.PRODUCER]: 'producer',
  [SPAN_KIND.CONSUMER]: 'consumer',
};

/** Jaeger's `span.kind` value for an OTLP kind ('' for UNSPECIFIED, which gets no tag). */
export function kindName(kind: SpanKind): string {
  return KIND_NAMES[kind];
}

export function toJaegerTrace(trace: StoredTrace): JaegerTrace {
  const processes: Record<string, JaegerProcess> = {};
  const processIds = new Map<string, string>();
  const spans = [...trace.spans]
    .sort((a, b) => a.startUs - b.startUs)
    .map((s) => {
      const tags = processTags(s);
      const key = JSON.stringify([s.resource.serviceName, tags]);
      let id = processIds.get(key);
      if (id === undefined) {
        id = `p${processIds.size + 1}`;
        processIds.set(key, id);
        processes[id] = { serviceName: s.resource.serviceName, tags };
      }
      return toJaegerSpan(s, id);
    });
  const warnings =
    trace.droppedSpans > 0
      ? [`${trace.droppedSpans} spans were dropped: the trace reached the store's per-trace cap`]
      : null;
  return { traceID: trace.traceId, spans, processes, warnings };
}

function toJaegerSpan(s: StoredSpan, processID: string): JaegerSpan {
  const references: JaegerReference[] = [];
  if (s.parentSpanId !== undefined)
    references.push({ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId });
  for (const l of s.links) references.push({ refType: 'FOLLOWS_FROM', traceID: l.traceId, spanID: l.spanId });
  return {
    traceID: s.traceId,
    spanID: s.spanId,
    flags: s.flags,
    operationName: s.name,
    references,
    startTime: s.startUs,
    duration: Math.max(0, s.endUs - s.startUs),
    tags: spanTags(s),
    logs: s.events.map((e) => ({
      timestamp: e.timeUs,
      fields: [{ key: 'event', type: 'string', value: e.name }, ...tags(e.attributes)],
    })),
    processID,
    warnings: null,
  };
}

/** The span's attributes followed by the tags Jaeger derives from OTLP fields. */
export function spanTags(s: StoredSpan): JaegerTag[] {
  const out = tags(s.attributes);
  if (s.scope.name !== '') out.push({ key: 'otel.scope.name', type: 'string', value: s.scope.name });
  if (s.scope.version !== '') out.push({ key: 'otel.scope.version', type: 'string', value: s.scope.version });
  const kind = kindName(s.kind);
  if (kind !== '') out.push({ key: 'span.kind', type: 'string', value: kind });
  if (s.status.code === STATUS_CODE.ERROR) {
    out.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
    out.push({ key: 'error', type: 'bool', value: true });
  } else if (s.status.code === STATUS_CODE.OK) {
    out.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  }
  if (s.status.message !== '') out.push({ key: 'otel.status_description', type: 'string', value: s.status.message });
  return out;
}

/** Resource attributes except `service.name`, which is the process's serviceName. */
export function processTags(s: StoredSpan): JaegerTag[] {
  return tags(s.resource.attributes).filter((t) => t.key !== 'service.name');
}

function tags(attrs: Attributes): JaegerTag[] {
  return attrs.keys.map((key, i) => tag(key, attrs.values[i]!));
}

function tag(key: string, v: AttrValue): JaegerTag {
  if (typeof v === 'string') return { key, type: 'string', value: v };
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'number') {
    // NaN and the infinities have no JSON number form.
    if (!Number.isFinite(v)) return { key, type: 'string', value: String(v) };
    return { key, type: Number.isInteger(v) ? 'int64' : 'float64', value: v };
  }
  // Beyond 2^53 a JSON number would lose digits; the exact decimal goes as a string.
  if (typeof v === 'bigint') return { key, type: 'string', value: v.toString() };
  if (v instanceof Uint8Array) return { key, type: 'binary', value: valueText(v) };
  // Arrays and maps become JSON text, as Jaeger's OTLP translator writes them.
  return { key, type: 'string', value: valueText(v) };
}
