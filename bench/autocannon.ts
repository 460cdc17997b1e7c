/**
 * One load run with autocannon, in its own process so it does not share the event loop of the
 * processes it measures. A run is bounded in time (`durationS`, and a wall-clock limit after which
 * it is stopped and reported as a failure) and, when asked, in count (`maxRequests`).
 */
import { runLoadChild } from './load-child.ts';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const BIN = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');

export interface LoadOptions {
  /** Concurrent connections, each sending its next request when the last one is answered. */
  readonly connections: number;
  readonly durationS: number;
  /** The run ends early once this many requests have been answered. @default no limit */
  readonly maxRequests?: number;
  /** A fixed overall rate (requests per second) instead of as fast as answers come. */
  readonly rate?: number;
  /**
   * A fixed rate per connection (requests per second): each connection is a user who asks for a
   * page, reads it, and asks again. Latencies are then recorded as measured (autocannon's
   * coordinated-omission correction assumes a 1 ms interval, which would add samples that never
   * happened; at a pace the server keeps up with, no request waits for a late one anyway).
   */
  readonly connectionRate?: number;
  /** `name=value` request headers. */
  readonly headers?: readonly string[];
}

export interface Measured {
  readonly url: string;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

/** The parts of autocannon's `-j` report that are read. */
const report = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
});

/** How long past its duration a run may take (start-up, the last answers) before it is stopped. */
const GRACE_S = 30;

export async function autocannon(url: string, opts: LoadOptions): Promise<Measured> {
  const args = [BIN, '-j', '-c', String(opts.connections), '-d', String(opts.durationS)];
  if (opts.maxRequests) args.push('-O', String(opts.maxRequests));
  if (opts.rate) args.push('-R', String(opts.rate));
  if (opts.connectionRate) args.push('-r', String(opts.connectionRate), '-C');
  for (const h of opts.headers ?? []) args.push('-H', h);
  const limitMs = 1000 * (opts.durationS + GRACE_S);
  const r = report.parse(await runLoadChild([...args, url], limitMs, `autocannon on ${url}`));
  return {
    url,
    requests: r.requests.total,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}
