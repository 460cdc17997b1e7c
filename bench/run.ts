/**
 * `npm run bench`: starts one local platform and runs the benchmarks against it, each writing
 * its JSON to bench/results/ (see results-file.ts), then prints every summary.
 *  - gateway: the cost of the gateway and its cache (gateway-overhead.ts);
 *  - web: the web tier's Lighthouse scores, initial JavaScript and render time (web-tier.ts);
 *  - waf: the WAF stand-in's worst case on adversarial 8 KB inputs (waf-worst-case.ts; in process,
 *    it needs no platform, and also runs alone as `node bench/waf-worst-case.ts`);
 *  - tracing: the gateway path with tracing at sample rate 1.0 against a second platform with it
 *    off, in the same run (tracing-overhead.ts);
 *  - soak: 10 minutes of the mixed journey at a fixed rate, every process's memory and handles
 *    sampled for a slope (soak.ts; `SOAK_MINUTES=1` for a trial).
 * `npm run bench -- --only web` (or `--only gateway`, `--only waf`, `--only tracing`, `--only soak`) runs one of them.
 */
import { parseArgs } from 'node:util';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { startBenchPlatform } from './bench-platform.ts';
import { gatewayOverhead } from './gateway-overhead.ts';
import { writeReport, type BenchmarkReport } from './results-file.ts';
import { soak } from './soak.ts';
import { tracingOverhead } from './tracing-overhead.ts';
import { wafWorstCase } from './waf-worst-case.ts';
import { webTier } from './web-tier.ts';

const BENCHMARKS: Readonly<Record<string, (platform: LocalPlatform, dataDir: string) => Promise<BenchmarkReport>>> = {
  gateway: gatewayOverhead,
  web: webTier,
  waf: () => wafWorstCase(),
  soak,
  tracing: tracingOverhead,
};

function chosen(): string[] {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  if (values.only === undefined) return Object.keys(BENCHMARKS);
  if (!(values.only in BENCHMARKS))
    throw new Error(`--only ${values.only}: choose one of ${Object.keys(BENCHMARKS).join(', ')}`);
  return [values.only];
}

async function main(): Promise<void> {
  const names = chosen();
  const bench = await startBenchPlatform();
  const { platform, dataDir } = bench;
  const summaries: string[] = [];
  try {
    for (const name of names) {
      const report = await BENCHMARKS[name]!(platform, dataDir);
      const file = await writeReport(report);
      console.log(`${report.summary}\nwritten: ${file}\n`);
      summaries.push(`[${name}]\n${report.summary}`);
    }
  } finally {
    await bench.stop();
  }
  if (names.length > 1) console.log(`summary\n${summaries.join('\n')}`);
}

await main();
