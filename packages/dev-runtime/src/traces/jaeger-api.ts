/**
 * The Jaeger query HTTP API over the trace store (`/api/services`, `/api/operations`,
 * `/api/traces`, `/api/dependencies`), answering in Jaeger's `structuredResponse` envelope
 * (`{data, total, limit, offset, errors}`) so the Jaeger UI and Jaeger clients can read it.
 * Bad parameters answer 400 in the same envelope, never 500.
 */
import { kindName, processTags, spanTags, toJaegerTrace, type JaegerTrace } from './jaeger-model.ts';
import { QueryParamError, parseTraceId, parseTraceQuery, type TraceQuery } from './jaeger-query.ts';
import type { RouteResult } from './route-result.ts';
import { buildServiceMap } from './service-map.ts';
import { valueText } from './span-interner.ts';
import type { StoredSpan } from './span-model.ts';
import type { StoredTrace, TraceStore } from './trace-store.ts';

export interface StructuredError {
  readonly code: number;
  readonly msg: string;
  readonly traceID?: string;
}

function ok(data: unknown, total: number): RouteResult {
  return { status: 200, body: { data, total, limit: 0, offset: 0, errors: null } };
}

export function jaegerError(status: number, msg: string): RouteResult {
  const errors: StructuredError[] = [{ code: status, msg }];
  return { status, body: { data: null, total: 0, limit: 0, offset: 0, errors } };
}

/** Answers a Jaeger API path, or `undefined` when the path is not one of them. */
export function jaegerRoute(store: TraceStore, url: URL, nowUs: number): RouteResult | undefined {
  const path = url.pathname;
  try {
    if (path === '/api/services') return services(store);
    const ops = /^\/api\/services\/([^/]+)\/operations$/.exec(path);
    if (ops) return operationNames(store, decodeURIComponent(ops[1]!));
    if (path === '/api/operations') return operations(store, url.searchParams);
    if (path === '/api/traces') return search(store, parseTraceQuery(url.searchParams, nowUs));
    if (path === '/api/dependencies') return dependencies(store, url.searchParams, nowUs);
    const one = /^\/api\/traces\/([^/]+)$/.exec(path);
    if (one) return traceById(store, decodeURIComponent(one[1]!));
    return undefined;
  } catch (err) {
    if (err instanceof QueryParamError || err instanceof URIError) return jaegerError(400, err.message);
    throw err;
  }
}

function services(store: TraceStore): RouteResult {
  const names = new Set<string>();
  for (const s of store.spans()) names.add(s.resource.serviceName);
  const data = [...names].sort();
  return ok(data, data.length);
}

function operationNames(store: TraceStore, service: string): RouteResult {
  const names = new Set<string>();
  for (const s of store.spans()) if (s.resource.serviceName === service) names.add(s.name);
  const data = [...names].sort();
  return ok(data, data.length);
}

/** `/api/operations?service=&spanKind=`: Jaeger's newer endpoint, operations with their kind. */
function operations(store: TraceStore, params: URLSearchParams): RouteResult {
  const service = params.get('service') ?? '';
  if (service === '') throw new QueryParamError("parameter 'service' is required");
  const wanted = params.get('spanKind') ?? '';
  const seen = new Map<string, { name: string; spanKind: string }>();
  for (const s of store.spans()) {
    if (s.resource.serviceName !== service) continue;
    const spanKind = kindName(s.kind);
    if (wanted !== '' && spanKind !== wanted) continue;
    seen.set(`${s.name}\u0000${spanKind}`, { name: s.name, spanKind });
  }
  const data = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.spanKind.localeCompare(b.spanKind));
  return ok(data, data.length);
}

/** @default a day, Jaeger's defaultDependencyLookbackDuration */
const DEFAULT_DEPENDENCY_LOOKBACK_MS = 86_400_000;

/**
 * `/api/dependencies?endTs=<ms>&lookback=<ms>`, the Jaeger UI's System Architecture graph: the
 * service map's edges over that window, as `{parent, child, callCount}`.
 */
function dependencies(store: TraceStore, params: URLSearchParams, nowUs: number): RouteResult {
  const millis = (name: string, fallback: number) => {
    const text = params.get(name) ?? '';
    if (text === '') return fallback;
    if (!/^\d{1,15}$/.test(text) || Number(text) === 0) {
      throw new QueryParamError(`unable to parse param '${name}': ${JSON.stringify(text)}`);
    }
    return Number(text);
  };
  const endMs = millis('endTs', Math.floor(nowUs / 1000));
  const lookbackMs = millis('lookback', DEFAULT_DEPENDENCY_LOOKBACK_MS);
  const data = buildServiceMap(store, lookbackMs / 1000, endMs, endMs).edges.map((e) => ({
    parent: e.from,
    child: e.to,
    callCount: e.requests,
  }));
  return ok(data, data.length);
}

function traceById(store: TraceStore, text: string): RouteResult {
  const trace = store.get(parseTraceId(text));
  if (!trace) return jaegerError(404, 'trace not found');
  return ok([toJaegerTrace(trace)], 1);
}

function search(store: TraceStore, q: TraceQuery): RouteResult {
  let found: StoredTrace[];
  if (q.traceIds.length > 0) {
    found = q.traceIds.map((id) => store.get(id)).filter((t) => t !== undefined);
  } else {
    found = [];
    for (const t of store.traces()) if (t.spans.some((s) => spanMatches(s, q))) found.push(t);
  }
  found.sort((a, b) => b.startUs - a.startUs);
  const data: JaegerTrace[] = found.slice(0, q.limit).map(toJaegerTrace);
  return ok(data, data.length);
}

/** Jaeger matches a trace when one of its spans meets every condition. */
function spanMatches(s: StoredSpan, q: TraceQuery): boolean {
  if (s.resource.serviceName !== q.service) return false;
  if (q.operation !== undefined && s.name !== q.operation) return false;
  if (q.startUs !== undefined && s.startUs < q.startUs) return false;
  if (q.endUs !== undefined && s.startUs > q.endUs) return false;
  const duration = s.endUs - s.startUs;
  if (q.minDurationUs !== undefined && duration < q.minDurationUs) return false;
  if (q.maxDurationUs !== undefined && duration > q.maxDurationUs) return false;
  for (const [key, value] of q.tags) if (!hasTag(s, key, value)) return false;
  return true;
}

/** Tags match on their text form in the span's tags, its process's tags or its log fields. */
function hasTag(s: StoredSpan, key: string, value: string): boolean {
  if (spanTags(s).some((t) => t.key === key && String(t.value) === value)) return true;
  if (processTags(s).some((t) => t.key === key && String(t.value) === value)) return true;
  return s.events.some(
    (e) =>
      (key === 'event' && e.name === value) ||
      e.attributes.keys.some((k, i) => k === key && valueText(e.attributes.values[i]!) === value),
  );
}
