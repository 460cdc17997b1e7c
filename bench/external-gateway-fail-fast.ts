/**
 * Measures two promises of the external gateway through real processes (the gateway and the
 * sandboxes as `npm start` runs them):
 *  1. fail fast: with HMRC's circuit open, how long a caller waits for its 503 (target < 5 ms);
 *  2. limit adherence: Royal Mail asked for more than its per-minute limit from several callers at
 *     once, and the most calls the sandbox saw in any 60 s window.
 * Run: node bench/external-gateway-fail-fast.ts   (FAIL_FAST_CALLS, default 2000)
 */
import { performance } from 'node:perf_hooks';
import { dwp } from '@dwp/platforms/dwp';
import { POSTCODES } from '@dwp/sandboxes';
import { hmrcSandbox, royalMailSandbox } from '@dwp/dev-runtime';
import { setFault, startExternalGateway, traffic } from '../tests/e2e/external-gateway-harness.ts';

const CALLS = Number(process.env.FAIL_FAST_CALLS ?? 2000);
const HMRC_PATH = '/external/hmrc/individuals/income/paye?nino=AA123456A&fromDate=2024-04-01';
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const h = await startExternalGateway({ standIns: [royalMailSandbox, hmrcSandbox] });
try {
  const headers = { accept: 'application/vnd.hmrc.2.0+json' };
  await setFault(h.sandboxUrl('hmrc-sandbox'), { errorRate: 1 });
  let open = false;
  for (let i = 0; i < 50 && !open; i++) {
    const res = await h.call('benefits-api', HMRC_PATH, { headers });
    open = ((await res.json()) as { error?: { code: string } }).error?.code === 'EXT_ERR_CIRCUIT_OPEN';
  }
  if (!open) throw new Error('the breaker did not open');
  // Warm the caller's token cache and connections, then measure.
  for (let i = 0; i < 100; i++) await (await h.call('benefits-api', HMRC_PATH, { headers })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    const res = await h.call('benefits-api', HMRC_PATH, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - start);
    if (res.status !== 503 || !res.headers.get('retry-after'))
      throw new Error(`expected 503 with Retry-After, got ${res.status}`);
  }
  times.sort((a, b) => a - b);
  // The gateway's own view: its request-duration histogram for the HMRC route's 503s.
  const metrics = await (await fetch(`${h.gatewayUrl}/metrics`)).text();
  const lines = metrics
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('http_request_duration_seconds_bucket{') &&
        l.includes('route="/external/hmrc/*"') &&
        l.includes('status="503"'),
    );
  const series = (le: string) =>
    Number(
      lines
        .find((l) => l.includes(`le="${le}"`))
        ?.split(' ')
        .at(-1) ?? NaN,
    );
  const within = (le: string) => `${((100 * series(le)) / series('+Inf')).toFixed(2)} %`;
  console.log(
    `gateway-side (its histogram, every 503 of the run): <= 1 ms ${within('0.001')}, <= 2.5 ms ${within('0.0025')}, <= 5 ms ${within('0.005')} of ${series('+Inf')}`,
  );
  console.log(
    `fail fast (circuit open, ${CALLS} sequential calls, client to gateway process and back): p50 ${pct(times, 50).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
  );

  const route = dwp.gateways.external!.routes.find((r) => r.upstream === 'royal-mail')!;
  const asked = route.rateLimit.requests + 200;
  const path = `/external/royal-mail/search/places/v1/postcode?postcode=${encodeURIComponent(POSTCODES[0]!)}`;
  const statuses = new Map<number, number>();
  let sent = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent < asked) {
        sent += 1;
        const res = await h.call(route.callers[0], path);
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seen = await traffic(h.sandboxUrl('royal-mail-sandbox'));
  console.log(
    `limit adherence: asked ${asked} royal-mail calls in ${((performance.now() - started) / 1000).toFixed(1)} s from 16 concurrent callers; answers ${JSON.stringify(Object.fromEntries(statuses))}; the sandbox saw ${seen.total} in total and at most ${seen.maxInWindow} in any 60 s window (limit ${route.rateLimit.requests}/${route.rateLimit.perSeconds} s)`,
  );
} finally {
  await h.stop();
}
