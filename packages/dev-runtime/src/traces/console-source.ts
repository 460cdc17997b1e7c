/**
 * The trace store as the operations console reads it (console/console-data.ts `TraceSource`):
 * the service map's figures, trace summaries, one trace in Jaeger's shape, and its log lines.
 */
import type { TraceSource } from '../console/console-data.ts';
import { findSummaries } from './console-traces.ts';
import { toJaegerTrace } from './jaeger-model.ts';
import type { LogIndex } from './log-index.ts';
import { buildServiceMap } from './service-map.ts';
import type { TraceStore } from './trace-store.ts';

export function consoleTraceSource(store: TraceStore, logs: LogIndex, now: () => number = Date.now): TraceSource {
  return {
    map: (windowSeconds) => buildServiceMap(store, windowSeconds, now()),
    summaries: (query) => findSummaries(store, query),
    trace: (traceId) => {
      const t = store.get(traceId);
      return t ? toJaegerTrace(t) : undefined;
    },
    logsForTrace: (traceId) => logs.linesOf(traceId).map((e) => ({ ...e, line: JSON.stringify(e.line) })),
  };
}
