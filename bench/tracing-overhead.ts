/**
 * What tracing costs on the gateway path (`npm run bench -- --only tracing`). The platform the
 * bench started traces every request (sample rate 1.0, spans exported to the runtime's trace store);
 * a second platform in the same run has tracing off (`OTEL_SDK_DISABLED=true`: no preload, no
 * spans). Both serve the same two paths through their primary gateway instance: a public health
 * route (gateway -> address-api) and `GET /identity/me` for a signed-in citizen (gateway with JWT
 * verification -> identity-api -> DynamoDB). Runs alternate off, on, off, on so drift on a shared
 * machine falls on both. Targets (issue 12): throughput with tracing >= 0.9x without, and at a
 * fixed 1000 req/s, p99 added by tracing <= 1 ms.
 */
import { cpus } from 'node:os';
import { dwp } from '@dwp/platforms/dwp';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { autocannon, type Measured } from './autocannon.ts';
import { startBenchPlatform } from './bench-platform.ts';
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

const mean = (a: number, b: number) => Number(((a + b) / 2).toFixed(1));

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
      const run = (side: 'off' | 'on', rate?: number): Promise<Measured> =>
        autocannon(url[side], {
          connections: CONNECTIONS,
          durationS: DURATION_S,
          headers: headers[side],
          ...(rate ? { rate } : {}),
        });
      // Warm both: JIT, connection pools, the trace exporter's first batches.
      await autocannon(url.off, { connections: CONNECTIONS, durationS: 3, headers: headers.off });
      await autocannon(url.on, { connections: CONNECTIONS, durationS: 3, headers: headers.on });
      const off1 = await run('off');
      const on1 = await run('on');
      const off2 = await run('off');
      const on2 = await run('on');
      const offRps = mean(off1.requestsPerSecond, off2.requestsPerSecond);
      const onRps = mean(on1.requestsPerSecond, on2.requestsPerSecond);
      const fixedOff = await run('off', FIXED_RATE);
      const fixedOn = await run('on', FIXED_RATE);
      const ratio = Number((onRps / offRps).toFixed(3));
      const addedP99 = Number((fixedOn.latencyMs.p99 - fixedOff.latencyMs.p99).toFixed(2));
      rows.push({
        path: path.name,
        throughput: { offRps, onRps, ratio, target: 0.9, met: ratio >= 0.9, runs: { off1, on1, off2, on2 } },
        fixedRate: {
          rate: FIXED_RATE,
          off: fixedOff.latencyMs,
          on: fixedOn.latencyMs,
          achieved: { off: fixedOff.requestsPerSecond, on: fixedOn.requestsPerSecond },
          addedP99Ms: addedP99,
          target: 1,
          met: addedP99 <= 1,
        },
        errors: [off1, on1, off2, on2, fixedOff, fixedOn].reduce((n, m) => n + m.errors + m.non2xx, 0),
      });
    }
    const traces = await storedTraces(traced.adminUrl);
    const summary = [
      ...rows.map(
        (r) =>
          `${r.path}: ${r.throughput.offRps} req/s off, ${r.throughput.onRps} on (${r.throughput.ratio}x, target >= 0.9 ${r.throughput.met ? 'met' : 'MISSED'}); at ${FIXED_RATE} req/s p99 ${r.fixedRate.off.p99} ms off, ${r.fixedRate.on.p99} ms on (added ${r.fixedRate.addedP99Ms} ms, target <= 1 ${r.fixedRate.met ? 'met' : 'MISSED'}); ${r.errors} errors`,
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
        untraced: 'OTEL_SDK_DISABLED=true (no preload)',
      },
      results: rows,
      summary,
    };
  } finally {
    await off.stop();
  }
}
