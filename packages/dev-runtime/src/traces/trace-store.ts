/**
 * Recent spans in bounded memory, grouped by trace.
 *
 * Bounds: at most `maxTraces` traces and `maxSpans` spans in all, and `maxSpansPerTrace` in one.
 * When a bound is passed, whole traces are evicted, least recently updated first (a trace that is
 * still receiving spans stays), so no trace is ever left half-evicted. A span that arrives for a
 * trace already evicted starts that trace again: the store keeps no memory of evicted IDs, and a
 * late fragment is more useful shown than lost. A trace at its per-trace cap drops further spans
 * and counts them, and a span whose ID the trace already holds (an exporter retry) is ignored.
 * At the defaults, 100k spans of ten attributes each take about 63 MB of heap
 * (`bench/trace-store-memory.ts`).
 */
import type { StoredSpan } from './span-model.ts';

export interface TraceStoreOptions {
  /** @default 10 000 traces */
  readonly maxTraces?: number;
  /** @default 100 000 spans across all traces */
  readonly maxSpans?: number;
  /** @default 5 000 spans in one trace, or maxSpans if that is fewer */
  readonly maxSpansPerTrace?: number;
}

export const DEFAULT_MAX_TRACES = 10_000;
export const DEFAULT_MAX_SPANS = 100_000;
export const DEFAULT_MAX_SPANS_PER_TRACE = 5_000;

export interface StoredTrace {
  readonly traceId: string;
  /** In arrival order. */
  readonly spans: readonly StoredSpan[];
  /** Span ID to span, for parent look-ups. */
  readonly byId: ReadonlyMap<string, StoredSpan>;
  readonly startUs: number;
  readonly endUs: number;
  /** Spans refused because the trace was at `maxSpansPerTrace`. */
  readonly droppedSpans: number;
}

interface MutableTrace {
  readonly traceId: string;
  readonly spans: StoredSpan[];
  readonly byId: Map<string, StoredSpan>;
  startUs: number;
  endUs: number;
  droppedSpans: number;
}

export interface AddResult {
  readonly accepted: number;
  /** Duplicates and spans over a trace's cap. */
  readonly rejected: number;
}

export class TraceStore {
  readonly #maxTraces: number;
  readonly #maxSpans: number;
  readonly #maxSpansPerTrace: number;
  /** Map order is the eviction order: least recently updated first. */
  readonly #traces = new Map<string, MutableTrace>();
  #spanCount = 0;
  #evictedTraces = 0;

  constructor(options: TraceStoreOptions = {}) {
    this.#maxTraces = positive(options.maxTraces ?? DEFAULT_MAX_TRACES, 'maxTraces');
    this.#maxSpans = positive(options.maxSpans ?? DEFAULT_MAX_SPANS, 'maxSpans');
    this.#maxSpansPerTrace = positive(
      options.maxSpansPerTrace ?? Math.min(DEFAULT_MAX_SPANS_PER_TRACE, this.#maxSpans),
      'maxSpansPerTrace',
    );
    if (this.#maxSpansPerTrace > this.#maxSpans) {
      throw new RangeError('TraceStore maxSpansPerTrace must not exceed maxSpans');
    }
  }

  /** Adds spans from one export (or from the runtime's own tracer); spans of one trace join it. */
  add(spans: readonly StoredSpan[]): AddResult {
    let accepted = 0;
    let rejected = 0;
    for (const span of spans) {
      let trace = this.#traces.get(span.traceId);
      const known = trace !== undefined;
      if (trace) {
        if (trace.byId.has(span.spanId) || trace.spans.length >= this.#maxSpansPerTrace) {
          if (!trace.byId.has(span.spanId)) trace.droppedSpans++;
          rejected++;
          continue;
        }
        this.#traces.delete(span.traceId);
      } else {
        trace = {
          traceId: span.traceId,
          spans: [],
          byId: new Map(),
          startUs: span.startUs,
          endUs: span.endUs,
          droppedSpans: 0,
        };
      }
      this.#traces.set(span.traceId, trace);
      // One copy of the trace ID string for every span of the trace, not one per decoded span.
      const kept: StoredSpan = known ? { ...span, traceId: trace.traceId } : span;
      trace.spans.push(kept);
      trace.byId.set(kept.spanId, kept);
      if (kept.startUs < trace.startUs) trace.startUs = kept.startUs;
      if (kept.endUs > trace.endUs) trace.endUs = kept.endUs;
      this.#spanCount++;
      accepted++;
    }
    this.#evict();
    return { accepted, rejected };
  }

  get(traceId: string): StoredTrace | undefined {
    return this.#traces.get(traceId);
  }

  /** Every trace, least recently updated first. */
  traces(): IterableIterator<StoredTrace> {
    return this.#traces.values();
  }

  *spans(): Generator<StoredSpan> {
    for (const t of this.#traces.values()) yield* t.spans;
  }

  stats(): { traces: number; spans: number; evictedTraces: number } {
    return { traces: this.#traces.size, spans: this.#spanCount, evictedTraces: this.#evictedTraces };
  }

  #evict(): void {
    while (this.#traces.size > this.#maxTraces || this.#spanCount > this.#maxSpans) {
      const oldest = this.#traces.keys().next();
      if (oldest.done) return;
      const trace = this.#traces.get(oldest.value)!;
      this.#traces.delete(oldest.value);
      this.#spanCount -= trace.spans.length;
      this.#evictedTraces++;
    }
  }
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`TraceStore ${what} must be a positive integer`);
  return n;
}
