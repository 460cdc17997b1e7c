/**
 * Parses `GET /api/traces` search parameters as Jaeger's query service does (jaeger
 * `cmd/query/app/query_parser.go`): `start`/`end` in microseconds, `minDuration`/`maxDuration` as
 * Go durations (`1.5s`, `300ms`), `limit`, `tag=key:value` (repeatable) and `tags` as a JSON
 * object. `lookback` (`1h`, `2d`, ... as the Jaeger UI sends it) sets `start` when `start` is absent.
 * The UI also accepts the logfmt form `error=true http.status_code=500` in its search box; that
 * is accepted in `tags` too.
 */

export interface TraceQuery {
  readonly service: string;
  readonly operation: string | undefined;
  readonly tags: ReadonlyMap<string, string>;
  readonly startUs: number | undefined;
  readonly endUs: number | undefined;
  readonly minDurationUs: number | undefined;
  readonly maxDurationUs: number | undefined;
  readonly limit: number;
  /** Jaeger's `traceID` parameter: when given, exactly these traces are returned. */
  readonly traceIds: readonly string[];
}

/** @default 100, Jaeger's defaultQueryLimit */
export const DEFAULT_QUERY_LIMIT = 100;

export class QueryParamError extends Error {
  static readonly code = 'TRACES_ERR_QUERY_PARAM';
  readonly code = QueryParamError.code;
}

const UNIT_US: Readonly<Record<string, number>> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

const LOOKBACK_US: Readonly<Record<string, number>> = {
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
  w: 604_800_000_000,
};

export function parseTraceQuery(params: URLSearchParams, nowUs: number): TraceQuery {
  const traceIds = params.getAll('traceID').map(parseTraceId);
  const service = params.get('service') ?? '';
  if (service === '' && traceIds.length === 0) throw new QueryParamError("parameter 'service' is required");
  const operation = params.get('operation') ?? '';
  const endUs = micros(params, 'end');
  let startUs = micros(params, 'start');
  const lookback = params.get('lookback');
  if (startUs === undefined && lookback !== null && lookback !== '' && lookback !== 'custom') {
    startUs = (endUs ?? nowUs) - lookbackUs(lookback);
  }
  const minDurationUs = duration(params, 'minDuration');
  const maxDurationUs = duration(params, 'maxDuration');
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    throw new QueryParamError("'maxDuration' should be greater than 'minDuration'");
  }
  return {
    service,
    operation: operation === '' ? undefined : operation,
    tags: parseTags(params.getAll('tag'), params.getAll('tags')),
    startUs,
    endUs,
    minDurationUs,
    maxDurationUs,
    limit: parseLimit(params.get('limit')),
    traceIds,
  };
}

/** A Jaeger trace ID: up to 32 hex digits, zero-padded on the left as Jaeger pads them. */
export function parseTraceId(text: string): string {
  if (!/^[0-9a-fA-F]{1,32}$/.test(text))
    throw new QueryParamError(`cannot parse traceID param: ${JSON.stringify(text)}`);
  return text.toLowerCase().padStart(32, '0');
}

function parseLimit(text: string | null): number {
  if (text === null || text === '') return DEFAULT_QUERY_LIMIT;
  if (!/^\d{1,9}$/.test(text)) throw new QueryParamError(`unable to parse param 'limit': ${JSON.stringify(text)}`);
  const n = Number(text);
  return n === 0 ? DEFAULT_QUERY_LIMIT : n;
}

function micros(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d{1,17}$/.test(text)) throw new QueryParamError(`unable to parse param '${name}': ${JSON.stringify(text)}`);
  return Number(text);
}

function lookbackUs(text: string): number {
  const m = /^(\d{1,6})([smhdw])$/.exec(text);
  if (!m) throw new QueryParamError(`unable to parse param 'lookback': ${JSON.stringify(text)}`);
  return Number(m[1]) * LOOKBACK_US[m[2]!]!;
}

function duration(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null || text === '') return undefined;
  const us = goDurationUs(text);
  if (us === undefined) throw new QueryParamError(`unable to parse param '${name}': ${JSON.stringify(text)}`);
  return us;
}

/** Go's time.ParseDuration, in microseconds: `1h30m`, `1.5s`, `300ms`; a bare `0` is allowed. */
export function goDurationUs(text: string): number | undefined {
  if (text === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const m = part.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_US[m[2]!]!;
    pos = part.lastIndex;
  }
  return pos === 0 ? undefined : total;
}

function parseTags(tagParams: readonly string[], tagsParams: readonly string[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const t of tagParams) {
    const i = t.indexOf(':');
    if (i <= 0) throw new QueryParamError(`malformed 'tag' parameter, expecting key:value, received: ${t}`);
    tags.set(t.slice(0, i), t.slice(i + 1));
  }
  for (const t of tagsParams) {
    if (t.trim().startsWith('{')) jsonTags(t, tags);
    else logfmtTags(t, tags);
  }
  return tags;
}

function jsonTags(text: string, into: Map<string, string>): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new QueryParamError("malformed 'tags' parameter, cannot unmarshal JSON");
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new QueryParamError("malformed 'tags' parameter, expecting a JSON object");
  }
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v !== 'string') throw new QueryParamError(`malformed 'tags' parameter, value of ${k} must be a string`);
    into.set(k, v);
  }
}

/** `key=value key2="quoted value"`, the form typed into the Jaeger UI's Tags box. */
function logfmtTags(text: string, into: Map<string, string>): void {
  const pair = /\s*([^\s="]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*/y;
  let pos = 0;
  while (pos < text.length) {
    pair.lastIndex = pos;
    const m = pair.exec(text);
    if (!m) throw new QueryParamError(`malformed 'tags' parameter, expecting key=value, received: ${text}`);
    into.set(m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
    pos = pair.lastIndex;
  }
}
