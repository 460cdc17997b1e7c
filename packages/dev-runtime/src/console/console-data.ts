/**
 * The data the console shows, in the shapes of the trace store's JSON contract
 * (`/api/console/map`, `/api/console/traces`, `/api/traces/{id}` in Jaeger's shape,
 * `/api/traces/{id}/logs`). The console reads them in-process through `TraceSource`, so the
 * server can render every panel without calling itself over HTTP.
 */

/** Figures of a node or an edge over the map's window. */
export interface MapFigures {
  readonly requests: number;
  readonly errors: number;
  readonly rps: number;
  /** errors / requests, 0..1. */
  readonly errorRate: number;
  readonly p95Ms: number;
}

export interface LiveMap {
  readonly windowSeconds: number;
  readonly generatedAt: string;
  readonly nodes: ReadonlyArray<MapFigures & { readonly service: string }>;
  readonly edges: ReadonlyArray<MapFigures & { readonly from: string; readonly to: string }>;
}

export interface TraceQuery {
  readonly service?: string;
  readonly status?: 'ok' | 'error';
  readonly minMs?: number;
  readonly limit?: number;
}

export interface TraceSummary {
  readonly traceId: string;
  readonly rootService: string;
  readonly rootName: string;
  /** Epoch microseconds (Jaeger's unit) or milliseconds, or an ISO-8601 string. */
  readonly startTime: number | string;
  readonly durationMs: number;
  readonly spanCount: number;
  readonly errorCount: number;
  readonly services: readonly string[];
}

export interface JaegerTag {
  readonly key: string;
  readonly type?: string;
  readonly value: unknown;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: ReadonlyArray<{ readonly refType: string; readonly traceID: string; readonly spanID: string }>;
  /** Epoch microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs?: ReadonlyArray<{ readonly timestamp: number; readonly fields: readonly JaegerTag[] }>;
  readonly processID: string;
  readonly warnings?: readonly string[] | null;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { readonly serviceName: string; readonly tags?: readonly JaegerTag[] }>>;
  readonly warnings?: readonly string[] | null;
}

/** A log line that carries a trace id (`/api/traces/{id}/logs`). */
export interface TraceLogLine {
  readonly instance: string;
  /** ISO-8601 or epoch milliseconds (pino's `time`). */
  readonly time: string | number;
  /** A label (`info`) or pino's number (30). */
  readonly level: string | number;
  readonly msg: string;
  readonly spanId?: string | null;
  /** The raw line as the instance wrote it. */
  readonly line?: string;
}

/** What the console needs of the trace store; the admin server adapts its store to it. */
export interface TraceSource {
  /** The service map's figures over the last `windowSeconds`. */
  map(windowSeconds: number): LiveMap | Promise<LiveMap>;
  /** Recent traces, newest first. */
  summaries(query: TraceQuery): readonly TraceSummary[] | Promise<readonly TraceSummary[]>;
  /** One trace, or undefined when the store does not hold it. */
  trace(traceId: string): JaegerTrace | undefined | Promise<JaegerTrace | undefined>;
  /** The log lines that carry the trace's id. */
  logsForTrace(traceId: string): readonly TraceLogLine[] | Promise<readonly TraceLogLine[]>;
}
