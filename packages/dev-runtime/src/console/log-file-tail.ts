/**
 * The last lines of an instance's log file (`<logDir>/<id>.log`), read from the end of the file in
 * bounded chunks, so a log of any size costs at most `maxBytes` to show. Only ids the runtime
 * itself reports (instances, stores, stand-ins) are read: a request cannot name another file.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** @default 200 lines */
export const DEFAULT_LOG_LINES = 200;
/** The most lines one request may ask for. */
export const MAX_LOG_LINES = 2000;
/** @default 1 MiB read from the end at most */
export const DEFAULT_MAX_LOG_BYTES = 1_048_576;
const CHUNK_BYTES = 65_536;
const SAFE_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

export class UnknownLogError extends Error {
  static readonly code = 'CONSOLE_ERR_UNKNOWN_LOG';
  readonly code = UnknownLogError.code;
  readonly id: string;
  constructor(id: string) {
    super(`No log for "${id}": name an instance, store or stand-in from /status`);
    this.name = 'UnknownLogError';
    this.id = id;
  }
}

/** The file of a known id; throws UnknownLogError for any other id (and for path tricks). */
export function logFileOf(logDir: string, id: string, knownIds: ReadonlySet<string>): string {
  if (!SAFE_ID.test(id) || id.includes('..') || !knownIds.has(id)) throw new UnknownLogError(id);
  return join(logDir, `${id}.log`);
}

/** `?lines=` as a count between 1 and MAX_LOG_LINES. */
export function lineCount(param: string | null): number {
  const n = param === null ? DEFAULT_LOG_LINES : Number.parseInt(param, 10);
  if (!Number.isFinite(n) || n < 1) return DEFAULT_LOG_LINES;
  return Math.min(n, MAX_LOG_LINES);
}

/** The last `lines` complete lines of the file; none when it does not exist (yet). */
export async function readLastLines(file: string, lines: number, maxBytes = DEFAULT_MAX_LOG_BYTES): Promise<string[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return [];
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const floor = Math.max(0, size - maxBytes);
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // One newline more than asked for marks where the first wanted line starts.
    while (position > floor && newlines <= lines) {
      const length = Math.min(CHUNK_BYTES, position - floor);
      position -= length;
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      const chunk = buf.subarray(0, bytesRead);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
      chunks.unshift(chunk);
    }
    const all = Buffer.concat(chunks).toString('utf8').split('\n');
    // A read that did not reach the start of the file begins part-way through a line.
    if (position > 0) all.shift();
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines);
  } finally {
    await handle.close();
  }
}
