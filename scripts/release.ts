/**
 * `npm run release -- <service> [--strategy canary|linear|blue-green] [--env KEY=VALUE ...]
 *  [--minute-ms N] [--health-timeout-ms N] [--admin-url URL]`: rehearses a release of one service
 * against the running `npm start`, the way the definition says (or the strategy asked for), and
 * prints a line per step as it ends. The `--env` values stand for what a new task definition
 * changes; `FAULT_5XX_RATE=0.5` or `FAULT_HEALTH=fail` rehearse a bad one.
 *
 * Exit codes: 0 the release finished; 1 it was rolled back (or the platform stopped under it);
 * 2 bad usage, or no release could start (no platform running, unknown service, one in progress).
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { readRuntimeFile } from '@dwp/dev-runtime/runtime-file';
import { z } from 'zod';
import { dataDir } from './running-platform.ts';

const USAGE = `Usage: npm run release -- <service> [options]

Rehearses a release of <service> on the running platform (npm start): starts the new version
beside the old, waits for its health checks, shifts traffic step by step while the rollback
alarms watch it, then finishes or rolls back.

Options:
  --strategy canary|linear|blue-green   instead of the definition's (canary 10 %, linear 25 % steps)
  --env KEY=VALUE                       a variable the new version gets (repeatable)
  --minute-ms N                         real milliseconds per definition minute (default 2000)
  --health-timeout-ms N                 how long the new version may take to be healthy (default 60000)
  --admin-url URL                       the runtime's admin port (default: the running platform's)

Exit codes: 0 released, 1 rolled back, 2 bad usage or no release started.`;

const POLL_MS = 250;
const STRATEGIES = ['canary', 'linear', 'blue-green'] as const;

class UsageError extends Error {}

function exit(code: 0 | 1 | 2, message: string): never {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}

const positiveInt = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a whole number above 0, got "${raw}"`);
  return n;
};

function requestFrom(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      strategy: { type: 'string' },
      env: { type: 'string', multiple: true },
      'minute-ms': { type: 'string' },
      'health-timeout-ms': { type: 'string' },
      'admin-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) exit(0, USAGE);
  if (positionals.length !== 1) throw new UsageError('Name one service to release.');
  const strategy = values.strategy;
  if (strategy !== undefined && !STRATEGIES.some((s) => s === strategy))
    throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, got "${strategy}"`);
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env takes KEY=VALUE, got "${pair}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const minuteMs = positiveInt('--minute-ms', values['minute-ms']);
  const healthTimeoutMs = positiveInt('--health-timeout-ms', values['health-timeout-ms']);
  return {
    adminUrl: values['admin-url'],
    body: {
      service: positionals[0]!,
      ...(strategy ? { strategy } : {}),
      env,
      ...(minuteMs ? { minuteMs } : {}),
      ...(healthTimeoutMs ? { healthTimeoutMs } : {}),
    },
  };
}

/** What this tool reads of the runtime's release answers (packages/dev-runtime/src/release/release-view.ts). */
const periodAnswer = z.looseObject({
  requests: z.number(),
  errors: z.number(),
  p99Ms: z.number().optional(),
  breaches: z.array(z.string()),
});
const stepAnswer = z.looseObject({
  phase: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  percent: z.number(),
  outcome: z.enum(['running', 'passed', 'failed']),
  detail: z.string(),
  periods: z.array(periodAnswer),
});
const releaseAnswer = z.looseObject({
  id: z.string(),
  service: z.string(),
  strategy: z.string(),
  strategyOverridden: z.boolean(),
  fromRevision: z.number(),
  toRevision: z.number(),
  state: z.enum(['running', 'succeeded', 'rolled-back', 'aborted']),
  reason: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  alarms: z.looseObject({ periodSeconds: z.number(), datapoints: z.number(), from: z.string() }),
  timing: z.looseObject({ minuteMs: z.number(), periodMs: z.number() }),
  green: z.looseObject({ instances: z.array(z.string()), requests: z.number(), errors: z.number() }),
  steps: z.array(stepAnswer),
});
const errorAnswer = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
type Step = z.output<typeof stepAnswer>;

const seconds = (from: string, to: string | undefined) =>
  `${((Date.parse(to ?? new Date().toISOString()) - Date.parse(from)) / 1000).toFixed(1)} s`;

/** `[ok]     traffic 10 %   14 requests, 0 5xx over 2 periods  (2.0 s)` */
function stepLine(n: number, s: Step): string {
  const name = s.phase === 'traffic' ? `traffic ${s.percent} %` : s.phase;
  const periods = s.periods.length
    ? `; ${s.periods.reduce((t, p) => t + p.requests, 0)} requests, ${s.periods.reduce((t, p) => t + p.errors, 0)} 5xx over ${s.periods.length} period${s.periods.length === 1 ? '' : 's'}`
    : '';
  const mark = s.outcome === 'passed' ? '[ok]    ' : '[failed]';
  return `${String(n).padStart(2)}. ${mark} ${name.padEnd(14)} ${s.detail}${periods}  (${seconds(s.startedAt, s.endedAt)})`;
}

async function adminUrlOf(given: string | undefined): Promise<string> {
  if (given) return given.replace(/\/$/, '');
  const running = await readRuntimeFile(dataDir);
  if (!running)
    exit(2, `No platform is running on ${dataDir}: start it first with \`npm start\` (or give --admin-url).`);
  return running.admin;
}

async function call(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  try {
    const res = await fetch(url, init);
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  } catch {
    exit(2, `Nothing answers at ${new URL(url).origin}: is \`npm start\` running?`);
  }
}

async function main(): Promise<void> {
  let request: ReturnType<typeof requestFrom>;
  try {
    request = requestFrom(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err)) exit(2, `${err.message}\n\n${USAGE}`);
    throw err;
  }
  const admin = await adminUrlOf(request.adminUrl);
  const started = await call(`${admin}/v1/releases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request.body),
  });
  if (started.status !== 202) {
    const e = errorAnswer.safeParse(started.body);
    exit(2, `No release started: ${e.success ? e.data.error.message : `the runtime answered ${started.status}`}`);
  }
  let release = releaseAnswer.parse(started.body);
  const a = release.alarms;
  console.log(
    `Releasing ${release.service} (${release.id}): ${release.strategy}${release.strategyOverridden ? ' (asked for)' : ' (the definition)'}, revision ${release.fromRevision} -> ${release.toRevision}; ` +
      `a minute is ${release.timing.minuteMs} ms, alarms (${a.from}) over ${a.datapoints} periods of ${release.timing.periodMs} ms`,
  );
  let printed = 0;
  for (;;) {
    const ended = release.steps.filter((s) => s.outcome !== 'running');
    for (; printed < ended.length; printed++) console.log(stepLine(printed + 1, ended[printed]!));
    if (release.state !== 'running') break;
    await sleep(POLL_MS);
    const polled = await call(`${admin}/v1/releases/${encodeURIComponent(release.id)}`);
    if (polled.status !== 200) exit(1, `The runtime no longer knows release ${release.id}: did the platform restart?`);
    release = releaseAnswer.parse(polled.body);
  }
  const took = seconds(release.startedAt, release.endedAt);
  const served = `revision ${release.toRevision} answered ${release.green.requests} requests, ${release.green.errors} of them 5xx`;
  switch (release.state) {
    case 'succeeded':
      return exit(
        0,
        `Released ${release.service} in ${took}: ${release.green.instances.join(', ')} ${release.green.instances.length === 1 ? 'serves' : 'serve'} (${served}).${
          release.green.requests === 0
            ? ' No request reached the new version while it was watched, so its alarms had nothing to judge: send traffic during a release to rehearse them.'
            : ''
        }`,
      );
    case 'rolled-back':
      return exit(
        1,
        `Rolled back ${release.service} after ${took}: ${release.reason ?? 'no reason given'} (${served}).`,
      );
    case 'aborted':
      return exit(1, `The release of ${release.service} stopped: ${release.reason ?? 'the platform stopped'}.`);
    default: {
      const never: never = release.state;
      throw new Error(`Unexpected release state ${String(never)}`);
    }
  }
}

await main();
