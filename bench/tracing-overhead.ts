/**
 * What tracing costs on the gateway path (`npm run bench -- --only tracing`). The platform the
 * bench started traces every request (sample rate 1.0, spans exported to the runtime's trace store);
 * a second platform in the same run has tracing off (`OTEL_SDK_DISABLED=true`: no preload, no
 * spans). Both serve the same two paths through their primary gateway instance: a public health
 * route (gateway -> address-api) and `GET /identity/me` for a signed-in citizen (gateway with JWT
 * verification -> identity-api -> DynamoDB). Runs alternate off, on (BENCH_ROUNDS rounds, default
 * 3) so drift on a shared machine falls on both; each figure is its side's median. Targets (issue 12): throughput with tracing >= 0.9x without, and at a
 * fixed 1000 req/s, p99 added by tracing <= 1 ms.
 *
 * Throughput is autocannon's, at saturation. The fixed rate is an evenly paced, open-loop load
 * (paced-load.ts): autocannon's `-R` sends each second's requests in one burst, which measures a
 * burst's queue rather than the latency at that rate.
 */
import { cpus } from 'node:os';
import { dwp } from '@dwp/platforms/dwp';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { autocannon, type Measured } from './autocannon.ts';
import { pacedLoad } from './paced-load.ts';
import { startBenchPlatform } from './bench-platform.ts';
import { quantile } from './quantile.ts';
import type { BenchmarkReport } from './results-file.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const FIXED_RATE = 1000;

interface Path {
  readonly name: string;
  url(platform: LocalPlatform): string;
  readonly headers: (platform: LocalPlatform, dataDir: string) => Promise<readonly string[]>;
}

const gatewayUrl = (platform: LocalPlatform, path: string) => {
  const gw = platform.registry.healthyOf(dwp.gateways.primary!.name)[0]!;
  return `http://127.0.0.1:${gw.port}${dwp.gateways.primary!.basePath}${path}`;
};

const PATHS: readonly Path[] = [
  { name: 'health', url: (p) => gatewayUrl(p, '/address/health'), headers: async () => [] },
  {
    name: 'me',
    url: (p) => gatewayUrl(p, '/identity/me'),
    headers: async (p, dataDir) => [
      `authorization=Bearer ${(await signIn(p.entryUrl, await seededUser(dataDir, 'test-citizen'))).accessToken}`,
    ],
  },
];

interface Side {
  readonly platform: LocalPlatform;
  readonly dataDir: string;
}

/** Rounds of off-then-on runs for each measurement. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (values: readonly number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Each latency percentile's median over the runs. */
function medianLatency(runs: readonly Measured[]): Measured['latencyMs'] {
  const of = (k: keyof Measured['latencyMs']) => median(runs.map((r) => r.latencyMs[k]));
  return { p50: of('p50'), p90: of('p90'), p99: of('p99'), max: of('max') };
}

async function alternate(
  rounds: number,
  off: () => Promise<Measured>,
  on: () => Promise<Measured>,
): Promise<{ off: Measured[]; on: Measured[] }> {
  const out: { off: Measured[]; on: Measured[] } = { off: [], on: [] };
  for (let i = 0; i < rounds; i++) {
    out.off.push(await off());
    out.on.push(await on());
  }
  return out;
}

/** Spans the traced platform's store holds, from its console summary (to show the spans were made). */
async function storedTraces(adminUrl: string): Promise<number> {
  const res = await fetch(`${adminUrl}/api/console/traces?limit=1000`);
  if (!res.ok) return -1;
  const body = (await res.json()) as { traces?: unknown[] };
  return body.traces?.length ?? -1;
}

export async function tracingOverhead(traced: LocalPlatform, tracedDataDir: string): Promise<BenchmarkReport> {
  const off = await startBenchPlatform({ OTEL_SDK_DISABLED: 'true' });
  const on: Side = { platform: traced, dataDir: tracedDataDir };
  try {
    const rows = [];
    for (const path of PATHS) {
      const headers = {
        off: await path.headers(off.platform, off.dataDir),
        on: await path.headers(on.platform, on.dataDir),
      };
      const url = { off: path.url(off.platform), on: path.url(on.platform) };
      const run = (side: 'off' | 'on'): Promise<Measured> =>
        autocannon(url[side], { connections: CONNECTIONS, durationS: DURATION_S, headers: headers[side] });
      const paced = (side: 'off' | 'on'): Promise<Measured> =>
        pacedLoad(url[side], {
          rate: FIXED_RATE,
          durationS: DURATION_S,
          connections: CONNECTIONS,
          headers: headers[side],
        });
      // Warm both: JIT, connection pools, the trace exporter's first batches.
      await autocannon(url.off, { connections: CONNECTIONS, durationS: 3, headers: headers.off });
      await autocannon(url.on, { connections: CONNECTIONS, durationS: 3, headers: headers.on });
      // Alternating rounds, each side's median: on a shared machine one run can be a fifth off.
      const saturated = await alternate(
        ROUNDS,
        () => run('off'),
        () => run('on'),
      );
      const fixed = await alternate(
        ROUNDS,
        () => paced('off'),
        () => paced('on'),
      );
      const offRps = median(saturated.off.map((m) => m.requestsPerSecond));
      const onRps = median(saturated.on.map((m) => m.requestsPerSecond));
      const fixedOff = medianLatency(fixed.off);
      const fixedOn = medianLatency(fixed.on);
      const ratio = Number((onRps / offRps).toFixed(3));
      const addedP99 = Number((fixedOn.p99 - fixedOff.p99).toFixed(2));
      const addedP50 = Number((fixedOn.p50 - fixedOff.p50).toFixed(2));
      rows.push({
        path: path.name,
        throughput: { offRps, onRps, ratio, target: 0.9, met: ratio >= 0.9, runs: saturated },
        fixedRate: {
          rate: FIXED_RATE,
          off: fixedOff,
          on: fixedOn,
          achieved: {
            off: median(fixed.off.map((m) => m.requestsPerSecond)),
            on: median(fixed.on.map((m) => m.requestsPerSecond)),
          },
          addedP50Ms: addedP50,
          addedP99Ms: addedP99,
          target: 1,
          met: addedP99 <= 1,
          runs: fixed,
        },
        errors: [...saturated.off, ...saturated.on, ...fixed.off, ...fixed.on].reduce(
          (n, m) => n + m.errors + m.non2xx,
          0,
        ),
      });
    }
    const traces = await storedTraces(traced.adminUrl);
    const summary = [
      ...rows.map(
        (r) =>
          `${r.path}: ${r.throughput.offRps} req/s off, ${r.throughput.onRps} on (${r.throughput.ratio}x, target >= 0.9 ${r.throughput.met ? 'met' : 'MISSED'}); at ${FIXED_RATE} req/s p99 ${r.fixedRate.off.p99} ms off, ${r.fixedRate.on.p99} ms on (added ${r.fixedRate.addedP99Ms} ms, target <= 1 ${r.fixedRate.met ? 'met' : 'MISSED'}; p50 added ${r.fixedRate.addedP50Ms} ms); ${r.errors} errors`,
      ),
      `the traced platform's store held ${traces} traces (the newest 1000 listed) when the runs ended`,
    ].join('\n');
    return {
      benchmark: 'tracing-overhead',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      settings: {
        durationSeconds: DURATION_S,
        connections: CONNECTIONS,
        sampleRate: 1,
        fixedRateLoad: 'evenly paced, open-loop (bench/paced-load.ts), latency from each send',
        untraced: 'OTEL_SDK_DISABLED=true (no preload)',
      },
      results: rows,
      summary,
    };
  } finally {
    await off.stop();
  }
}
