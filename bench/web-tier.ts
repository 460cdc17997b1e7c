/**
 * The web tier's benchmarks (issue 9), through the public entry as a browser reaches it:
 *  - Lighthouse on the start page and one question page: performance >= 95, accessibility 100;
 *  - the JavaScript the start page loads: <= 30 KiB gzipped;
 *  - p99 page render < 50 ms with 50 concurrent users, through the public entry, two ways:
 *    burst (50 users asking for a page at the same instant, every second) and saturated (each of
 *    50 connections asking again the moment it is answered: no reading time, so the latency is
 *    mostly the queue, 50 divided by what the machine can serve). Beside each, what the frontend
 *    itself measured and spent (server-side.ts), to tell a slow page from a busy machine. The
 *    same two shapes once more straight to a frontend instance: the page render alone, without
 *    the local edge (on AWS CloudFront, WAF and the ALB, which this laptop stand-in only imitates).
 * Results go to bench/results/web-tier-*.json, each figure with its target and whether it was
 * met; the median Lighthouse report of each page to bench/results/lighthouse/<page>-latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { autocannon, type Measured } from './autocannon.ts';
import { gzippedSize, type Compressed } from './compressed-size.ts';
import { audit, withChromium } from './lighthouse-audit.ts';
import { medianRun, type LighthouseFigures } from './lighthouse-figures.ts';
import { RESULTS_DIR, type BenchmarkReport } from './results-file.ts';
import { readServerSide, serverSideOf, type ServerSide } from './server-side.ts';
import { atLeast, atMost, below, verdicts, type Judged } from './target.ts';

/**
 * The pages measured: the start page first (its scripts are the "initial JavaScript"), then one
 * question page. (`/estimate`, the estimate's first question, replaces `/sign-in` once it exists.)
 */
export const WEB_PAGES = [
  { name: 'start', path: '/' },
  { name: 'question', path: '/sign-in' },
] as const;

export const TARGETS = {
  lighthousePerformance: 95,
  lighthouseAccessibility: 100,
  /** 30 KiB, as Lighthouse counts sizes. */
  initialJsGzipBytes: 30 * 1024,
  renderP99Ms: 50,
  renderConnections: 50,
} as const;

const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
/** Each load shape's bounds: how long, and at most how many requests. */
const BURST = { durationS: 20, connectionRate: 1, maxRequests: 20 * TARGETS.renderConnections };
const SATURATED = { durationS: 10, maxRequests: 20_000 };
const WARM_UP = { durationS: 3, connections: 10 };
const FRONTEND = 'frontend-service';

interface PageLighthouse {
  readonly page: string;
  readonly path: string;
  /** Scores of every run, in the order they ran. */
  readonly runs: readonly { readonly performance: number; readonly accessibility: number }[];
  readonly median: LighthouseFigures;
}

async function lighthousePages(origin: string): Promise<PageLighthouse[]> {
  const dir = join(RESULTS_DIR, 'lighthouse');
  await mkdir(dir, { recursive: true });
  return withChromium(async (port) => {
    const out: PageLighthouse[] = [];
    for (const page of WEB_PAGES) {
      const runs: { figures: LighthouseFigures; reportJson: string }[] = [];
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(await audit(`${origin}${page.path}`, port));
      const median = medianRun(runs.map((r) => r.figures));
      await writeFile(join(dir, `${page.name}-latest.json`), runs.find((r) => r.figures === median)!.reportJson);
      out.push({
        page: page.name,
        path: page.path,
        runs: runs.map((r) => ({ performance: r.figures.performance, accessibility: r.figures.accessibility })),
        median,
      });
    }
    return out;
  });
}

/**
 * burst: 50 users who each ask for a page once a second, all at the same instant (autocannon's
 * per-connection rate ticks together), so each second 50 requests arrive at once.
 * saturated: 50 connections, each asking again the moment it is answered.
 * Both as first visits (no cookie: a page with a form then gives the browser a form id to sign
 * its CSRF token with, storing nothing). A page that sets a cookie is measured a third time,
 * saturated with that cookie, as a returning visitor. "direct": the same, to one frontend
 * instance without the edge in front.
 */
type LoadShape = 'burst' | 'saturated' | 'saturated returning' | 'burst direct' | 'saturated direct';

interface PageRender extends Measured {
  readonly page: string;
  readonly path: string;
  readonly shape: LoadShape;
  /** What the frontend itself saw and spent during the run. */
  readonly server: ServerSide;
}

/** The `name=value` of the cookie a first visit to `url` is given, if any. */
async function firstVisitCookie(url: string): Promise<string | undefined> {
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  await res.arrayBuffer();
  return res.headers.getSetCookie()[0]?.split(';')[0];
}

async function renderUnderLoad(platform: LocalPlatform, origin: string): Promise<PageRender[]> {
  const frontends = platform.registry.healthyOf(FRONTEND);
  const frontendOrigin = `http://${frontends[0]!.host}:${frontends[0]!.port}`;
  const out: PageRender[] = [];
  const accept = 'accept=text/html';
  const connections = TARGETS.renderConnections;
  const measure = async (page: (typeof WEB_PAGES)[number], shape: LoadShape, headers: readonly string[]) => {
    const before = await readServerSide(frontends);
    const direct = shape.endsWith('direct');
    const m = await autocannon(`${direct ? frontendOrigin : origin}${page.path}`, {
      connections,
      ...(shape.startsWith('burst') ? BURST : SATURATED),
      headers,
    });
    const server = serverSideOf(before, await readServerSide(frontends), page.path, TARGETS.renderP99Ms);
    out.push({ ...m, page: page.name, path: page.path, shape, server });
  };
  for (const page of WEB_PAGES) {
    await autocannon(`${origin}${page.path}`, { ...WARM_UP, headers: [accept] }); // JIT, connection pools, template cache
    await measure(page, 'burst', [accept]);
    await measure(page, 'saturated', [accept]);
    const cookie = await firstVisitCookie(`${origin}${page.path}`);
    if (cookie) await measure(page, 'saturated returning', [accept, `cookie=${cookie}`]);
    await measure(page, 'burst direct', [accept]);
    await measure(page, 'saturated direct', [accept]);
  }
  return out;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function webTier(platform: LocalPlatform): Promise<BenchmarkReport> {
  const origin = platform.entryUrl.replace('localhost', '127.0.0.1');
  const loadBefore = loadavg().map((l) => Number(l.toFixed(2)));
  const lighthouse = await lighthousePages(origin);

  const start = lighthouse[0]!.median;
  const scripts: Compressed[] = [];
  for (const s of start.scripts) scripts.push(await gzippedSize(s.url));
  const initialJs = {
    page: WEB_PAGES[0].path,
    scripts: start.scripts.map((s) => ({
      ...s,
      gzipBytes: scripts.find((c) => c.url === s.url)!.bytes,
      gzipEncoding: scripts.find((c) => c.url === s.url)!.encoding,
    })),
    gzipBytes: scripts.reduce((n, s) => n + s.bytes, 0),
    transferBytes: start.scripts.reduce((n, s) => n + s.transferBytes, 0),
    resourceBytes: start.scripts.reduce((n, s) => n + s.resourceBytes, 0),
  };

  const render = await renderUnderLoad(platform, origin);

  const targets: Record<string, Judged> = {};
  for (const p of lighthouse) {
    targets[`lighthousePerformance ${p.path}`] = atLeast(p.median.performance, TARGETS.lighthousePerformance, 'score');
    targets[`lighthouseAccessibility ${p.path}`] = atLeast(
      p.median.accessibility,
      TARGETS.lighthouseAccessibility,
      'score',
    );
  }
  targets[`initialJsGzip ${initialJs.page}`] = atMost(initialJs.gzipBytes, TARGETS.initialJsGzipBytes, 'bytes');
  for (const r of render) {
    // A page that answered with errors did not render: its latency does not count as a pass.
    const p99 = below(r.latencyMs.p99, TARGETS.renderP99Ms, 'ms');
    targets[`renderP99 ${r.path} ${r.shape}`] = r.non2xx + r.errors + r.timeouts === 0 ? p99 : { ...p99, met: false };
    // The same target on the frontend's own clock (no edge hop, no client queue): 99 % of its
    // answers within 50 ms.
    targets[`frontendP99 ${r.path} ${r.shape}`] = atLeast(
      r.server.frontendWithinTargetPercent,
      99,
      `% within ${TARGETS.renderP99Ms} ms`,
    );
  }

  const summary = [
    `lighthouse (median of ${LIGHTHOUSE_RUNS}, ${start.formFactor}, ${start.throttlingMethod} throttling): ${lighthouse
      .map(
        (p) =>
          `${p.path} performance ${p.median.performance} accessibility ${p.median.accessibility} (runs ${p.runs.map((r) => r.performance).join('/')})`,
      )
      .join(' | ')}`,
    `initial JavaScript on ${initialJs.page}: ${initialJs.scripts.length} scripts, ${kib(initialJs.gzipBytes)} gzipped (${kib(initialJs.transferBytes)} on the wire to Chromium, ${kib(initialJs.resourceBytes)} uncompressed)`,
    `render with ${TARGETS.renderConnections} users through the public entry (or "direct" to one frontend instance), burst (all at once, every second, ${BURST.durationS} s) and saturated (no pause, ${SATURATED.durationS} s), first visits unless returning:`,
    ...render.map(
      (r) =>
        `  ${r.path} ${r.shape}: p50 ${r.latencyMs.p50} / p90 ${r.latencyMs.p90} / p99 ${r.latencyMs.p99} ms, ${r.requestsPerSecond} req/s${r.non2xx + r.errors + r.timeouts ? `, ${r.non2xx} non-2xx ${r.errors} errors ${r.timeouts} timeouts` : ''}; ` +
        `in the frontend p99 <= ${r.server.frontendP99WithinMs} ms (${r.server.frontendWithinTargetPercent} % within ${TARGETS.renderP99Ms} ms), CPU a page: frontend ${r.server.frontendCpuMsPerPage ?? '?'} ms, edge ${r.server.edgeCpuMsPerPage} ms`,
    ),
    `machine load average (1 min) before ${loadBefore[0]}, after ${loadavg()[0]!.toFixed(2)} on ${cpus().length} CPUs`,
    `targets: ${verdicts(targets)}`,
  ].join('\n');

  return {
    benchmark: 'web-tier',
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((l) => Number(l.toFixed(2))),
    },
    settings: {
      pages: WEB_PAGES,
      lighthouse: {
        version: start.lighthouseVersion,
        runsPerPage: LIGHTHOUSE_RUNS,
        formFactor: start.formFactor,
        throttlingMethod: start.throttlingMethod,
        categories: ['performance', 'accessibility'],
      },
      render: {
        connections: TARGETS.renderConnections,
        burst: BURST,
        saturated: SATURATED,
        frontendInstances: platform.registry.healthyOf(FRONTEND).length,
        warmUp: WARM_UP,
        via: 'public entry (edge WAF, then frontend-service); "direct": one frontend-service instance',
        cookies: 'none (first visits), except "returning": the cookie a first visit was given',
      },
    },
    lighthouse,
    initialJs,
    render,
    targets,
    summary,
  };
}
