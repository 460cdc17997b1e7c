/**
 * An open-loop load generator (the child process of paced-load.ts): it sends requests at a fixed,
 * even rate, one every 1/rate seconds whatever the answers do, as wrk2 and k6's
 * constant-arrival-rate do. A slow answer never holds the next request back (no coordinated
 * omission): requests go out on schedule over as many connections as are free, and one that finds
 * none waits in the agent's queue, which its latency counts. Latency is timed from the send, not
 * from the schedule: the schedule's own lateness (timers fire at 1 ms granularity, later on a busy
 * machine) is the generator's, not the server's, and is reported apart.
 *
 * Usage: node paced-load-client.ts '<json options>'; prints one JSON report on stdout.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';

const options = z
  .object({
    url: z.url(),
    rate: z.number().int().positive(),
    durationS: z.number().positive(),
    connections: z.number().int().positive(),
    headers: z.record(z.string(), z.string()),
  })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

const target = new URL(options.url);
const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
const total = Math.round(options.rate * options.durationS);
const intervalMs = 1000 / options.rate;
const latencies = new Float64Array(total);
/** How late each request left against its schedule: shows whether the generator kept the pace. */
const lateness = new Float64Array(total);
let answered = 0;
let non2xx = 0;
let errors = 0;

function send(i: number, dueAt: number): void {
  const sentAt = performance.now();
  lateness[i] = sentAt - dueAt;
  const req = request(
    {
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      headers: options.headers,
    },
    (res) => {
      if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      res.resume();
      res.on('end', () => {
        finish(i, sentAt);
      });
      res.on('error', () => {
        errors++;
        finish(i, sentAt);
      });
    },
  );
  req.on('error', () => {
    errors++;
    finish(i, sentAt);
  });
  req.end();
}

const finished = new Uint8Array(total);
function finish(i: number, sentAt: number): void {
  if (finished[i]) return;
  finished[i] = 1;
  latencies[i] = performance.now() - sentAt;
  if (++answered === total) report();
}

const startAt = performance.now() + 20;
let sent = 0;
function tick(): void {
  const now = performance.now();
  while (sent < total && startAt + sent * intervalMs <= now) {
    send(sent, startAt + sent * intervalMs);
    sent++;
  }
  if (sent < total) setTimeout(tick, Math.max(0, startAt + sent * intervalMs - performance.now()));
}

function quantileOf(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Number(sorted[Math.max(0, at)]!.toFixed(2));
}

function report(): void {
  const elapsedS = (performance.now() - startAt) / 1000;
  const sorted = latencies.slice().sort();
  const late = lateness.slice().sort();
  process.stdout.write(
    JSON.stringify({
      requests: total,
      requestsPerSecond: Math.round(total / elapsedS),
      latencyMs: {
        p50: quantileOf(sorted, 0.5),
        p90: quantileOf(sorted, 0.9),
        p99: quantileOf(sorted, 0.99),
        max: quantileOf(sorted, 1),
      },
      sendLatenessMs: { p50: quantileOf(late, 0.5), p99: quantileOf(late, 0.99) },
      non2xx,
      errors,
    }),
  );
  agent.destroy();
}

setTimeout(tick, 20);
