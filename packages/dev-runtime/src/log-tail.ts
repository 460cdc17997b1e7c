/**
 * Follows log files that other processes append to and hands each complete new line to a callback.
 * Services write their logs straight to files (never to a pipe whose reader may die), so the
 * runtime reads them here to show warnings on the console.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

interface Followed {
  readonly path: string;
  readonly onLine: (line: string) => void;
  offset: number;
  partial: string;
}

/** @default poll every 250 ms */
export const DEFAULT_TAIL_INTERVAL_MS = 250;

export class LogTail {
  readonly #files = new Map<string, Followed>();
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = DEFAULT_TAIL_INTERVAL_MS) {
    this.#timer = setInterval(() => {
      this.poll();
    }, intervalMs);
    this.#timer.unref();
  }

  /** Follows `path` from its current end. */
  follow(path: string, onLine: (line: string) => void): void {
    if (this.#files.has(path)) return;
    let offset = 0;
    try {
      offset = statSync(path).size;
    } catch {
      // Not created yet: follow from the start.
    }
    this.#files.set(path, { path, onLine, offset, partial: '' });
  }

  poll(): void {
    for (const f of this.#files.values()) {
      let size: number;
      try {
        size = statSync(f.path).size;
      } catch {
        continue;
      }
      if (size < f.offset) f.offset = 0; // truncated
      if (size === f.offset) continue;
      const buf = Buffer.alloc(size - f.offset);
      const fd = openSync(f.path, 'r');
      try {
        readSync(fd, buf, 0, buf.length, f.offset);
      } finally {
        closeSync(fd);
      }
      f.offset = size;
      const lines = (f.partial + buf.toString('utf8')).split('\n');
      f.partial = lines.pop() ?? '';
      for (const line of lines) if (line) f.onLine(line);
    }
  }

  stop(): void {
    this.poll();
    clearInterval(this.#timer);
  }
}
