/**
 * `GET /api/console/map?window=<seconds>`: requests, errors, rate and p95 per service and per
 * caller-to-callee edge over the last window, the local stand-in for the X-Ray service map.
 *
 * A node counts its service's SERVER and CONSUMER spans that ended in the window. An edge A -> B
 * is such a span of B whose parent span (usually A's CLIENT or PRODUCER span) is in the store and
 * belongs to another service A; or a CLIENT or PRODUCER span of A that calls a data store B (a
 * database, table, bucket, queue: see store-call.ts), stores running no instrumentation. Errors are spans with status ERROR (for HTTP servers: 5xx only).
 */
import { houseError, type RouteResult } from './route-result.ts';
import { SPAN_KIND, STATUS_CODE, type StoredSpan } from './span-model.ts';
import { storeCalled } from './store-call.ts';
import type { TraceStore } from './trace-store.ts';

/** @default a 60 second window */
export const DEFAULT_WINDOW_SECONDS = 60;
/** The longest window the console may ask for: 15 minutes. */
export const MAX_WINDOW_SECONDS = 900;

export interface MapStats {
  readonly requests: number;
  readonly errors: number;
  readonly rps: number;
  readonly errorRate: number;
  readonly p95Ms: number;
}

export interface MapNode extends MapStats {
  readonly service: string;
}

export interface MapEdge extends MapStats {
  readonly from: string;
  readonly to: string;
}

export interface ServiceMap {
  readonly windowSeconds: number;
  readonly generatedAt: string;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

class Tally {
  requests = 0;
  errors = 0;
  readonly durationsMs: number[] = [];

  count(s: StoredSpan): void {
    this.requests++;
    if (s.status.code === STATUS_CODE.ERROR) this.errors++;
    this.durationsMs.push((s.endUs - s.startUs) / 1000);
  }

  stats(windowSeconds: number): MapStats {
    return {
      requests: this.requests,
      errors: this.errors,
      rps: round(this.requests / windowSeconds),
      errorRate: this.requests === 0 ? 0 : round(this.errors / this.requests),
      p95Ms: round(percentile(this.durationsMs, 0.95)),
    };
  }
}

function edgeOf(edges: Map<string, { from: string; to: string; tally: Tally }>, from: string, to: string): Tally {
  const key = JSON.stringify([from, to]);
  let edge = edges.get(key);
  if (!edge) {
    edge = { from, to, tally: new Tally() };
    edges.set(key, edge);
  }
  return edge.tally;
}

/**
 * Spans that ended in the `windowSeconds` before `nowMs`; with `untilMs`, also none that ended
 * after it (the console leaves it open, so a span stamped by a clock running ahead still counts).
 */
export function buildServiceMap(store: TraceStore, windowSeconds: number, nowMs: number, untilMs?: number): ServiceMap {
  const sinceUs = (nowMs - windowSeconds * 1000) * 1000;
  const untilUs = untilMs === undefined ? Number.POSITIVE_INFINITY : untilMs * 1000;
  const nodes = new Map<string, Tally>();
  const edges = new Map<string, { from: string; to: string; tally: Tally }>();
  for (const trace of store.traces()) {
    if (trace.endUs < sinceUs) continue;
    for (const s of trace.spans) {
      if (s.endUs < sinceUs || s.endUs > untilUs) continue;
      if (s.kind === SPAN_KIND.CLIENT || s.kind === SPAN_KIND.PRODUCER) {
        const store = storeCalled(s);
        if (store) edgeOf(edges, s.resource.serviceName, store).count(s);
        continue;
      }
      if (s.kind !== SPAN_KIND.SERVER && s.kind !== SPAN_KIND.CONSUMER) continue;
      const to = s.resource.serviceName;
      tallyOf(nodes, to).count(s);
      const parent = s.parentSpanId === undefined ? undefined : trace.byId.get(s.parentSpanId);
      if (!parent || parent.resource.serviceName === to) continue;
      const from = parent.resource.serviceName;
      edgeOf(edges, from, to).count(s);
      // A caller with no server spans of its own in the window still appears on the map.
      tallyOf(nodes, from);
    }
  }
  return {
    windowSeconds,
    generatedAt: new Date(nowMs).toISOString(),
    nodes: [...nodes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, t]) => ({ service, ...t.stats(windowSeconds) })),
    edges: [...edges.values()]
      .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
      .map((e) => ({ from: e.from, to: e.to, ...e.tally.stats(windowSeconds) })),
  };
}

export function serviceMapRoute(store: TraceStore, params: URLSearchParams, nowMs: number): RouteResult {
  const text = params.get('window');
  let windowSeconds = DEFAULT_WINDOW_SECONDS;
  if (text !== null && text !== '') {
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > MAX_WINDOW_SECONDS) {
      return houseError(
        400,
        'TRACES_ERR_MAP_WINDOW',
        `window must be a whole number of seconds from 1 to ${MAX_WINDOW_SECONDS}`,
      );
    }
    windowSeconds = Number(text);
  }
  return { status: 200, body: buildServiceMap(store, windowSeconds, nowMs) };
}

function tallyOf(map: Map<string, Tally>, service: string): Tally {
  let t = map.get(service);
  if (!t) {
    t = new Tally();
    map.set(service, t);
  }
  return t;
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.ceil(p * values.length) - 1)]!;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
