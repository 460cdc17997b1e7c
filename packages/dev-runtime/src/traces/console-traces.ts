/**
 * `GET /api/console/traces?service=&status=ok|error&minMs=&limit=`: one summary row per trace,
 * newest first, for the operations console's trace table. The root is the earliest span with no
 * parent in the trace (or, for a fragment whose root was not exported, the earliest span).
 */
import { houseError, type RouteResult } from './route-result.ts';
import { STATUS_CODE, type StoredSpan } from './span-model.ts';
import type { StoredTrace, TraceStore } from './trace-store.ts';

/** @default 50 rows */
export const DEFAULT_CONSOLE_LIMIT = 50;
export const MAX_CONSOLE_LIMIT = 1_000;

export interface TraceSummary {
  readonly traceId: string;
  readonly rootService: string;
  readonly rootName: string;
  readonly startTime: string;
  readonly durationMs: number;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly string[];
}

export function summarise(trace: StoredTrace): TraceSummary {
  const root = rootOf(trace);
  const services = new Set<string>();
  let errorCount = 0;
  for (const s of trace.spans) {
    services.add(s.resource.serviceName);
    if (s.status.code === STATUS_CODE.ERROR) errorCount++;
  }
  return {
    traceId: trace.traceId,
    rootService: root?.resource.serviceName ?? '',
    rootName: root?.name ?? '',
    startTime: new Date(Math.floor(trace.startUs / 1000)).toISOString(),
    durationMs: Math.round(trace.endUs - trace.startUs) / 1000,
    spanCount: trace.spans.length,
    errorCount,
    services: [...services].sort(),
  };
}

function rootOf(trace: StoredTrace): StoredSpan | undefined {
  let root: StoredSpan | undefined;
  let earliest: StoredSpan | undefined;
  for (const s of trace.spans) {
    if (!earliest || s.startUs < earliest.startUs) earliest = s;
    const orphan = s.parentSpanId === undefined || !trace.byId.has(s.parentSpanId);
    if (orphan && (!root || s.startUs < root.startUs)) root = s;
  }
  return root ?? earliest;
}

export function consoleTracesRoute(store: TraceStore, params: URLSearchParams): RouteResult {
  const service = params.get('service') ?? '';
  const status = params.get('status') ?? '';
  if (status !== '' && status !== 'ok' && status !== 'error') {
    return houseError(400, 'TRACES_ERR_CONSOLE_STATUS', 'status must be ok or error');
  }
  const minText = params.get('minMs') ?? '';
  if (minText !== '' && !/^\d+(\.\d+)?$/.test(minText)) {
    return houseError(400, 'TRACES_ERR_CONSOLE_MIN_MS', 'minMs must be a non-negative number of milliseconds');
  }
  const minMs = minText === '' ? 0 : Number(minText);
  const limitText = params.get('limit') ?? '';
  if (
    limitText !== '' &&
    (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_CONSOLE_LIMIT)
  ) {
    return houseError(400, 'TRACES_ERR_CONSOLE_LIMIT', `limit must be a whole number from 1 to ${MAX_CONSOLE_LIMIT}`);
  }
  const limit = limitText === '' ? DEFAULT_CONSOLE_LIMIT : Number(limitText);
  return {
    status: 200,
    body: {
      traces: findSummaries(store, {
        ...(service !== '' ? { service } : {}),
        ...(status === 'ok' || status === 'error' ? { status } : {}),
        minMs,
        limit,
      }),
    },
  };
}

export interface SummaryQuery {
  readonly service?: string;
  readonly status?: 'ok' | 'error';
  readonly minMs?: number;
  readonly limit?: number;
}

/** The newest traces that match, summarised: the console's list. */
export function findSummaries(store: TraceStore, query: SummaryQuery): TraceSummary[] {
  const { service = '', status, minMs = 0 } = query;
  const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_CONSOLE_LIMIT), MAX_CONSOLE_LIMIT);
  const matching: StoredTrace[] = [];
  for (const t of store.traces()) {
    if (service !== '' && !t.spans.some((s) => s.resource.serviceName === service)) continue;
    if ((t.endUs - t.startUs) / 1000 < minMs) continue;
    if (status !== undefined) {
      const failed = t.spans.some((s) => s.status.code === STATUS_CODE.ERROR);
      if (failed !== (status === 'error')) continue;
    }
    matching.push(t);
  }
  matching.sort((a, b) => b.startUs - a.startUs);
  return matching.slice(0, limit).map(summarise);
}
