/**
 * A trace as a waterfall: its spans in call order (each under its parent, siblings by start), each
 * with its depth, its offset and width as shares of the whole trace, its service and whether it
 * failed. Spans whose parent is missing from the trace become roots. Pure.
 */
import type { JaegerSpan, JaegerTag, JaegerTrace } from './console-data.ts';

export interface WaterfallRow {
  readonly span: JaegerSpan;
  readonly service: string;
  readonly depth: number;
  /** From the trace's start, in milliseconds. */
  readonly startMs: number;
  readonly durationMs: number;
  /** Left edge of the bar, percent of the trace (0..100). */
  readonly offsetPct: number;
  /** Width of the bar, percent of the trace; at least MIN_BAR_PCT so a short span stays visible. */
  readonly widthPct: number;
  readonly error: boolean;
  /** Index of the service in `services`, for its colour. */
  readonly serviceIndex: number;
}

export interface Waterfall {
  readonly rows: readonly WaterfallRow[];
  /** Epoch microseconds of the earliest span. */
  readonly startTime: number;
  readonly durationMs: number;
  /** Services in order of first appearance. */
  readonly services: readonly string[];
  readonly errorCount: number;
}

export const MIN_BAR_PCT = 0.5;

const tagValue = (tags: readonly JaegerTag[], key: string) => tags.find((t) => t.key === key)?.value;

/** OTel's status (Jaeger's `otel.status_code` / `error` tags) says a span failed. */
export function isErrorSpan(span: JaegerSpan): boolean {
  const error = tagValue(span.tags, 'error');
  if (error === true || error === 'true') return true;
  return tagValue(span.tags, 'otel.status_code') === 'ERROR';
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function waterfallOf(trace: JaegerTrace): Waterfall {
  const spans = trace.spans;
  if (spans.length === 0) return { rows: [], startTime: 0, durationMs: 0, services: [], errorCount: 0 };
  const start = Math.min(...spans.map((s) => s.startTime));
  const end = Math.max(...spans.map((s) => s.startTime + s.duration));
  const total = Math.max(end - start, 1);
  const ids = new Set(spans.map((s) => s.spanID));
  const parentOf = (s: JaegerSpan) =>
    s.references.find((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID) && r.spanID !== s.spanID)?.spanID ??
    s.references.find((r) => ids.has(r.spanID) && r.spanID !== s.spanID)?.spanID;
  const children = new Map<string | undefined, JaegerSpan[]>();
  for (const s of spans) {
    const parent = parentOf(s);
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  const byStart = (a: JaegerSpan, b: JaegerSpan) => a.startTime - b.startTime || a.spanID.localeCompare(b.spanID);
  for (const list of children.values()) list.sort(byStart);

  const services: string[] = [];
  const serviceOf = (s: JaegerSpan) => trace.processes[s.processID]?.serviceName ?? s.processID;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (s: JaegerSpan, depth: number) => {
    if (seen.has(s.spanID)) return; // a reference cycle in bad data must not loop
    seen.add(s.spanID);
    const service = serviceOf(s);
    if (!services.includes(service)) services.push(service);
    // A bar never starts so late, or runs so long, that it leaves the track.
    const offsetPct = round(Math.min(((s.startTime - start) / total) * 100, 100 - MIN_BAR_PCT));
    const widthPct = round(Math.min(Math.max((s.duration / total) * 100, MIN_BAR_PCT), 100 - offsetPct));
    rows.push({
      span: s,
      service,
      depth,
      startMs: (s.startTime - start) / 1000,
      durationMs: s.duration / 1000,
      offsetPct,
      widthPct,
      error: isErrorSpan(s),
      serviceIndex: services.indexOf(service),
    });
    for (const c of children.get(s.spanID) ?? []) visit(c, depth + 1);
  };
  for (const root of children.get(undefined) ?? []) visit(root, 0);
  // Spans only reachable through a cycle have no root: show them at the top level, in start order.
  for (const s of [...spans].sort(byStart)) visit(s, 0);
  return {
    rows,
    startTime: start,
    durationMs: total / 1000,
    services,
    errorCount: rows.filter((r) => r.error).length,
  };
}
