/**
 * A fixed-rate run, evenly paced and open-loop (paced-load-client.ts, in its own process).
 *
 * autocannon's `-R` is not that: each connection sends its share of the second's requests as fast
 * as answers come, then waits for the next second (autocannon's lib/httpClient.js,
 * `reqsMadeThisSecond`). At `-R 1000` the server sees a saturating burst at the top of every
 * second and idles the rest, so the "p99 at 1000 req/s" it reports is the queue of a burst, and
 * grows with every microsecond a request costs. A latency figure at a given rate needs requests
 * that arrive at that rate.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Measured } from './autocannon.ts';
import { runLoadChild } from './load-child.ts';

const CLIENT = fileURLToPath(new URL('./paced-load-client.ts', import.meta.url));
const GRACE_S = 30;

export interface PacedOptions {
  readonly rate: number;
  readonly durationS: number;
  /** Connections the generator may open; a request waits for a free one only if all are busy. */
  readonly connections: number;
  /** `name=value` request headers, as autocannon takes them. */
  readonly headers?: readonly string[];
}

export interface PacedMeasured extends Measured {
  /** How late the generator sent against its schedule (its own health, not the server's). */
  readonly sendLatenessMs: { readonly p50: number; readonly p99: number };
}

const report = z.object({
  requests: z.number(),
  requestsPerSecond: z.number(),
  latencyMs: z.object({ p50: z.number(), p90: z.number(), p99: z.number(), max: z.number() }),
  sendLatenessMs: z.object({ p50: z.number(), p99: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
});

function headerRecord(headers: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) {
    const at = h.indexOf('=');
    if (at > 0) out[h.slice(0, at)] = h.slice(at + 1);
  }
  return out;
}

export async function pacedLoad(url: string, opts: PacedOptions): Promise<PacedMeasured> {
  const args = JSON.stringify({
    url,
    rate: opts.rate,
    durationS: opts.durationS,
    connections: opts.connections,
    headers: headerRecord(opts.headers ?? []),
  });
  const limitMs = 1000 * (opts.durationS + GRACE_S);
  const r = report.parse(await runLoadChild([CLIENT, args], limitMs, `the paced load on ${url}`));
  return { url, ...r, timeouts: 0 };
}
