/**
 * The log lines that carry a trace ID, kept so a trace can show what its services logged.
 * Takes raw lines as the services write them (pino JSON); other lines are ignored.
 *
 * Bounds: the last `maxLines` lines in all (oldest evicted first), at most `maxLinesPerTrace` for
 * one trace (later lines of a chatty trace are dropped, so its beginning stays), and lines longer
 * than `maxLineBytes` are not kept (a line that long is a dump, not a log).
 */
import type { RouteResult } from './route-result.ts';

export interface LogIndexOptions {
  /** @default 20 000 lines */
  readonly maxLines?: number;
  /** @default 200 lines per trace */
  readonly maxLinesPerTrace?: number;
  /** @default 16 KiB */
  readonly maxLineBytes?: number;
}

export const DEFAULT_MAX_LINES = 20_000;
export const DEFAULT_MAX_LINES_PER_TRACE = 200;
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024;

/** pino's numeric levels and their names. */
export const PINO_LEVELS: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

export interface LogEntry {
  readonly instance: string;
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly spanId: string | undefined;
  readonly line: Readonly<Record<string, unknown>>;
}

interface Kept {
  readonly traceId: string;
  readonly entry: LogEntry;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export class LogIndex {
  readonly #maxLines: number;
  readonly #maxPerTrace: number;
  readonly #maxLineBytes: number;
  /** A ring of every kept line, oldest at #head. */
  readonly #ring: (Kept | undefined)[];
  #head = 0;
  #size = 0;
  readonly #byTrace = new Map<string, LogEntry[]>();

  constructor(options: LogIndexOptions = {}) {
    this.#maxLines = positive(options.maxLines ?? DEFAULT_MAX_LINES, 'maxLines');
    this.#maxPerTrace = positive(options.maxLinesPerTrace ?? DEFAULT_MAX_LINES_PER_TRACE, 'maxLinesPerTrace');
    this.#maxLineBytes = positive(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, 'maxLineBytes');
    this.#ring = new Array<Kept | undefined>(this.#maxLines).fill(undefined);
  }

  /** Offers one raw log line from an instance; answers whether it was kept. */
  add(instanceId: string, line: string): boolean {
    const text = line.trim();
    if (!text.startsWith('{') || Buffer.byteLength(text) > this.#maxLineBytes) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return false;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
    const fields: Readonly<Record<string, unknown>> = Object.fromEntries(Object.entries(doc));
    const traceId = typeof fields.traceId === 'string' ? fields.traceId.toLowerCase() : '';
    if (!TRACE_ID.test(traceId)) return false;
    const list = this.#byTrace.get(traceId) ?? [];
    if (list.length >= this.#maxPerTrace) return false;
    const spanId = typeof fields.spanId === 'string' && SPAN_ID.test(fields.spanId) ? fields.spanId : undefined;
    const entry: LogEntry = {
      instance: instanceId,
      time: timeOf(fields.time),
      level: levelOf(fields.level),
      msg: typeof fields.msg === 'string' ? fields.msg : '',
      spanId,
      line: fields,
    };
    if (this.#size === this.#maxLines) this.#evictOldest();
    this.#ring[(this.#head + this.#size) % this.#maxLines] = { traceId, entry };
    this.#size++;
    list.push(entry);
    this.#byTrace.set(traceId, list);
    return true;
  }

  /** The kept lines of one trace, in the order they arrived. */
  linesOf(traceId: string): readonly LogEntry[] {
    return this.#byTrace.get(traceId.toLowerCase()) ?? [];
  }

  get size(): number {
    return this.#size;
  }

  #evictOldest(): void {
    const oldest = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#maxLines;
    this.#size--;
    if (!oldest) return;
    const list = this.#byTrace.get(oldest.traceId);
    if (!list) return;
    // Lines of a trace enter its list in ring order, so the oldest is at the front.
    list.shift();
    if (list.length === 0) this.#byTrace.delete(oldest.traceId);
  }
}

/** `GET /api/traces/{traceId}/logs`. */
export function traceLogsRoute(logs: LogIndex, traceId: string): RouteResult {
  return { status: 200, body: { data: logs.linesOf(traceId) } };
}

function timeOf(v: unknown): string {
  const d = typeof v === 'number' ? new Date(v) : typeof v === 'string' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : '';
}

function levelOf(v: unknown): string {
  if (typeof v === 'number') return PINO_LEVELS[v] ?? String(v);
  return typeof v === 'string' ? v : '';
}

function positive(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`LogIndex ${what} must be a positive integer`);
  return n;
}
