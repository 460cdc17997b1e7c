/**
 * The soak (issue 11; `npm run bench -- --only soak`): the mixed journey (soak-journey.ts) through
 * the public entry at a fixed rate for 10 minutes (`SOAK_MINUTES` to change it, `SOAK_RATE` for
 * the requests per second), the citizen signing in again every minute. Open loop: requests start
 * on a schedule, not when the last one answered, so a slow platform meets more work, not less.
 *
 * Every 10 s it reads, for every process the runtime keeps (each service instance, store and
 * stand-in, by the pids in the runtime's `/status`) and for this process (the runtime itself: the
 * local edge, the registry, the health checks, and this load generator), resident memory and open
 * handles, and the V8 heap in use where a process publishes it (process-usage.ts). After a
 * warm-up (the first minute) each series should be flat: the report gives its least-squares
 * slope per minute (slope.ts) beside where it started, ended and peaked. Every answer other than 2xx/3xx is a failure; the first few are listed.
 * Results go to bench/results/soak-*.json.
 */
import { cpus } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { heapOf, keptProcesses, usageOfAll, type HeapUsage, type KeptProcess } from './process-usage.ts';
import type { BenchmarkReport } from './results-file.ts';
import { trendOf, type Trend } from './slope.ts';
import { journey, STEPS, type Outcome } from './soak-journey.ts';
import { atMost, verdicts } from './target.ts';
import { quantile } from './quantile.ts';
import { fillTraceStore } from './trace-store-fill.ts';

/** A positive number from the environment, or the default; anything else is a mistake to report. */
function positiveFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw}: give a positive number`);
  return value;
}

const SAMPLE_EVERY_MS = 10_000;
const SIGN_IN_EVERY_MS = 60_000;
/** The first minute is warm-up (JIT, connection pools, caches filling); a shorter trial run's, its first fifth. */
const warmUpOf = (durationMs: number) => Math.min(60_000, durationMs / 5);
/** How many failures the report lists in full. */
const LISTED_FAILURES = 10;
/**
 * (ours) What "flat" is held to: the issue gives no number. 1 MiB a minute is 10 MiB over the
 * soak and 1.4 GiB a day: a leak worth finding. It is held against RSS's floor (the lowest
 * sample of every 3 minutes, slope.ts): a collector's sawtooth tilts a 10-minute line by more
 * than that either way, while a leak raises what survives collection. The line's slope, the
 * anonymous and file-backed parts and the heap in use and committed are reported beside it.
 * One handle a minute is ten over the soak: sockets and files kept open.
 */
const TARGETS = { rssMiBPerMinute: 1, handlesPerMinute: 1, failures: 0 } as const;
const USER = 'test-citizen';
const RUNTIME = 'runtime (edge, registry, load generator)';

interface Series {
  readonly kind: KeptProcess['kind'] | 'runtime';
  readonly pids: number[];
  readonly atMs: number[];
  readonly rssKiB: number[];
  readonly anonKiB: number[];
  readonly fileKiB: number[];
  readonly handles: number[];
  readonly descendants: number[];
  /** The V8 heap in use, where the process publishes it (null: not read at that sample). */
  readonly heapUsedKiB: Array<number | null>;
  /** What V8 holds for its heap (committed), where published: RSS follows it, not the heap in use. */
  readonly heapCommittedKiB: Array<number | null>;
  readonly restarts: number[];
}

interface Failure {
  readonly atS: number;
  readonly step: string;
  readonly status?: number;
  readonly error?: string;
}

const round = (n: number, places = 2) => Number(n.toFixed(places));
/** Waits `ms`, or less if `signal` aborts first. */
const sleep = (ms: number, signal?: AbortSignal) =>
  delay(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined);

/** Reads every process's usage now into `series`, keyed by name (a restarted instance keeps its name). */
async function sample(adminUrl: string, atMs: number, series: Map<string, Series>): Promise<void> {
  const kept: Array<Omit<KeptProcess, 'kind'> & { kind: Series['kind'] }> = [
    ...(await keptProcesses(adminUrl)),
    { name: RUNTIME, kind: 'runtime', pid: process.pid, restarts: 0 },
  ];
  const [usage, heaps] = await Promise.all([
    usageOfAll(kept.map((k) => k.pid)),
    Promise.all(
      kept.map((k) =>
        k.kind === 'runtime'
          ? Promise.resolve<HeapUsage>(ownHeap())
          : k.url
            ? heapOf(k.url)
            : Promise.resolve(undefined),
      ),
    ),
  ]);
  for (const [n, k] of kept.entries()) {
    const u = usage.get(k.pid);
    if (!u) continue;
    let s = series.get(k.name);
    if (!s) {
      s = {
        kind: k.kind,
        pids: [],
        atMs: [],
        rssKiB: [],
        anonKiB: [],
        fileKiB: [],
        handles: [],
        descendants: [],
        heapUsedKiB: [],
        heapCommittedKiB: [],
        restarts: [],
      };
      series.set(k.name, s);
    }
    const heap = heaps[n];
    s.heapUsedKiB.push(heap === undefined ? null : Math.round(heap.usedBytes / 1024));
    s.heapCommittedKiB.push(heap === undefined ? null : Math.round(heap.committedBytes / 1024));
    if (!s.pids.includes(k.pid)) s.pids.push(k.pid);
    s.atMs.push(atMs);
    s.rssKiB.push(u.rssKiB);
    s.anonKiB.push(u.anonKiB);
    s.fileKiB.push(u.fileKiB);
    s.handles.push(u.handles);
    s.descendants.push(u.descendants);
    s.restarts.push(k.restarts);
  }
}

function ownHeap(): HeapUsage {
  const m = process.memoryUsage();
  return { usedBytes: m.heapUsed, committedBytes: m.heapTotal };
}

function trend(s: Series, values: ReadonlyArray<number | null>, warmUpMs: number, scale = 1): Trend | undefined {
  const samples = values.flatMap((v, i) => (v === null ? [] : [{ atMs: s.atMs[i]!, value: v * scale }]));
  if (samples.filter((x) => x.atMs >= warmUpMs).length < 2) return undefined;
  const t = trendOf(samples, warmUpMs);
  return {
    first: round(t.first),
    last: round(t.last),
    max: round(t.max),
    slopePerMinute: round(t.slopePerMinute, 3),
    fitted: t.fitted,
    floorSlopePerMinute: t.floorSlopePerMinute === undefined ? undefined : round(t.floorSlopePerMinute, 3),
  };
}

/**
 * Starts `fire(slot)` for slots 0 to `slots - 1`, one every `intervalMs` from now, without waiting
 * for what it starts; a timer that fires late starts every slot then due. `fire` is given each
 * slot's due time (on `performance.now()`'s clock); returns the latest a timer fired against the
 * slot it was for.
 */
async function openLoop(
  intervalMs: number,
  slots: number,
  fire: (slot: number, dueAtMs: number) => void,
): Promise<{ maxTimerLagMs: number }> {
  const t0 = performance.now();
  let next = 0;
  let maxTimerLagMs = 0;
  while (next < slots) {
    const now = performance.now();
    while (next < slots && t0 + next * intervalMs <= now) {
      maxTimerLagMs = Math.max(maxTimerLagMs, now - (t0 + next * intervalMs));
      fire(next, t0 + next * intervalMs);
      next += 1;
    }
    if (next < slots) await sleep(t0 + next * intervalMs - performance.now());
  }
  return { maxTimerLagMs };
}

/** Runs the soak against a started, healthy platform whose data is in `dataDir`. */
export async function soak(platform: LocalPlatform, dataDir: string): Promise<BenchmarkReport> {
  const minutes = positiveFromEnv('SOAK_MINUTES', 10);
  const ratePerS = positiveFromEnv('SOAK_RATE', 20);
  const durationMs = minutes * 60_000;
  const warmUpMs = warmUpOf(durationMs);
  // Full before the first sample: see trace-store-fill.ts.
  const prefilledSpans = await fillTraceStore(platform.adminUrl);
  const user = await seededUser(dataDir, USER);
  let bearer = `Bearer ${(await signIn(platform.entryUrl, user)).accessToken}`;
  const visits = journey(platform.entryUrl, () => bearer, Date.now().toString(36));

  // One cell per slot, allocated now, so that recording the answers adds nothing to this
  // process's memory while it is sampled (NaN: not sent, the step was skipped).
  const slots = Math.floor((durationMs * ratePerS) / 1000);
  const latencyOf = new Float64Array(slots).fill(NaN);
  const lateOf = new Float64Array(slots).fill(NaN);
  const sentAtOf = new Float64Array(slots).fill(NaN);
  const okOf = new Uint8Array(slots);
  let sent = 0;
  const failures: Failure[] = [];
  let failed = 0;
  let skipped = 0;
  const signIns: { latencyMs: number; ok: boolean }[] = [];
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const series = new Map<string, Series>();
  const startedAt = performance.now();
  const fail = (f: Omit<Failure, 'atS'>, atMs: number) => {
    failed += 1;
    if (failures.length < LISTED_FAILURES) failures.push({ atS: round((atMs - startedAt) / 1000, 1), ...f });
  };
  const samplerErrors: string[] = [];
  const sampleNow = () =>
    sample(platform.adminUrl, performance.now() - startedAt, series).catch((err: unknown) => {
      // A missed sample leaves a gap in the series; the run goes on, and the report says so.
      samplerErrors.push(String(err).slice(0, 200));
    });
  await sampleNow();

  // The sampler and the sign-ins run beside the schedule, each on its own timer, until it ends.
  const done = new AbortController();
  const sampler = (async () => {
    for (let k = 1; ; k++) {
      await sleep(startedAt + k * SAMPLE_EVERY_MS - performance.now(), done.signal);
      if (done.signal.aborted) break;
      await sampleNow();
      if ((k * SAMPLE_EVERY_MS) % 60_000 === 0)
        console.log(
          `soak: ${Math.round((k * SAMPLE_EVERY_MS) / 60_000)}/${minutes} min, ${sent} requests, ${failed} failed`,
        );
    }
  })();
  const signer = (async () => {
    for (let k = 1; ; k++) {
      await sleep(startedAt + k * SIGN_IN_EVERY_MS - performance.now(), done.signal);
      if (done.signal.aborted) break;
      const started = performance.now();
      try {
        bearer = `Bearer ${(await signIn(platform.entryUrl, user)).accessToken}`;
        signIns.push({ latencyMs: performance.now() - started, ok: true });
      } catch (err) {
        signIns.push({ latencyMs: performance.now() - started, ok: false });
        fail({ step: 'sign-in', error: String(err).slice(0, 200) }, started);
      }
    }
  })();

  let loop: Awaited<ReturnType<typeof openLoop>>;
  try {
    loop = await openLoop(1000 / ratePerS, slots, (slot, dueAtMs) => {
      const p = visits.fire(slot).then((o?: Outcome) => {
        if (!o) {
          skipped += 1;
          return;
        }
        sent += 1;
        latencyOf[slot] = o.latencyMs;
        lateOf[slot] = o.sentAtMs - dueAtMs;
        sentAtOf[slot] = o.sentAtMs;
        okOf[slot] = o.ok ? 1 : 0;
        if (!o.ok)
          fail(
            { step: o.step, ...(o.status ? { status: o.status } : {}), ...(o.error ? { error: o.error } : {}) },
            o.sentAtMs,
          );
      });
      track(p);
    });
  } finally {
    done.abort();
  }
  await Promise.all([sampler, signer]);
  // The soak's last sample is at its end, under load, as every other was.
  await sampleNow();
  await Promise.all([...pending]);
  const sentSlots = [...latencyOf.keys()].filter((i) => !Number.isNaN(latencyOf[i]));
  const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);
  // Requests started per second, from the first to the last sent.
  const sentAt = sorted(sentSlots.map((i) => sentAtOf[i]!));
  const achievedPerSecond = sentAt.length > 1 ? ((sentAt.length - 1) * 1000) / (sentAt.at(-1)! - sentAt[0]!) : 0;

  const latencies = sorted(sentSlots.map((i) => latencyOf[i]!));
  const late = sorted(sentSlots.map((i) => lateOf[i]!));
  const steps = STEPS.map((s, k) => {
    const mine = sentSlots.filter((i) => i % STEPS.length === k);
    const l = sorted(mine.map((i) => latencyOf[i]!));
    return {
      step: s.name,
      requests: mine.length,
      failed: mine.filter((i) => okOf[i] === 0).length,
      p50Ms: round(quantile(l, 0.5)),
      p99Ms: round(quantile(l, 0.99)),
      maxMs: round(l[l.length - 1] ?? 0),
    };
  });
  const processes = [...series].map(([name, s]) => ({
    name,
    kind: s.kind,
    pids: s.pids,
    restartsDuringSoak: (s.restarts[s.restarts.length - 1] ?? 0) - (s.restarts[0] ?? 0),
    samples: s.atMs.length,
    rssMiB: trend(s, s.rssKiB, warmUpMs, 1 / 1024),
    anonMiB: trend(s, s.anonKiB, warmUpMs, 1 / 1024),
    fileMiB: trend(s, s.fileKiB, warmUpMs, 1 / 1024),
    handles: trend(s, s.handles, warmUpMs),
    heapUsedMiB: trend(s, s.heapUsedKiB, warmUpMs, 1 / 1024),
    heapCommittedMiB: trend(s, s.heapCommittedKiB, warmUpMs, 1 / 1024),
    descendants: {
      first: s.descendants[0],
      last: s.descendants[s.descendants.length - 1],
      max: Math.max(...s.descendants),
    },
    series: {
      atS: s.atMs.map((t) => round(t / 1000, 1)),
      rssKiB: s.rssKiB,
      anonKiB: s.anonKiB,
      fileKiB: s.fileKiB,
      handles: s.handles,
      descendants: s.descendants,
      heapUsedKiB: s.heapUsedKiB,
      heapCommittedKiB: s.heapCommittedKiB,
    },
  }));
  const byGrowth = (pick: (p: (typeof processes)[number]) => Trend | undefined) =>
    processes.filter((p) => pick(p) !== undefined).sort((a, b) => pick(b)!.slopePerMinute - pick(a)!.slopePerMinute);
  /** RSS is judged by its floor (slope.ts): the raw line of a collector's sawtooth tilts either way. */
  const floorOrRaw = (t: Trend) => t.floorSlopePerMinute ?? t.slopePerMinute;
  const rssOrder = processes
    .filter((p) => p.rssMiB !== undefined)
    .sort((a, b) => floorOrRaw(b.rssMiB!) - floorOrRaw(a.rssMiB!));
  const heapOrder = byGrowth((p) => p.heapUsedMiB);
  // Handles too: a stand-in that opens a thousand files for one request for a moment (s3rver
  // listing a bucket) is a spike a line tilts on, not a leak; a leak raises the floor.
  const handleOrder = processes
    .filter((p) => p.handles !== undefined)
    .sort((a, b) => floorOrRaw(b.handles!) - floorOrRaw(a.handles!));
  const topRss = rssOrder[0];
  const topHandles = handleOrder[0];
  const restarted = processes.filter((p) => p.restartsDuringSoak > 0 || p.pids.length > 1);
  const signInFailed = signIns.filter((s) => !s.ok).length;
  const signInLatency = signIns.map((s) => s.latencyMs).sort((a, b) => a - b);

  const judged = {
    failures: atMost(failed, TARGETS.failures, 'failed requests'),
    rssFloorSlope: atMost(topRss?.rssMiB ? floorOrRaw(topRss.rssMiB) : 0, TARGETS.rssMiBPerMinute, 'MiB/min'),
    handleFloorSlope: atMost(
      topHandles?.handles ? floorOrRaw(topHandles.handles) : 0,
      TARGETS.handlesPerMinute,
      'handles/min',
    ),
  };
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
  const rssLine = (p: (typeof processes)[number]) =>
    `${p.name} floor ${signed(p.rssMiB!.floorSlopePerMinute ?? NaN)} MiB/min, line ${signed(p.rssMiB!.slopePerMinute)} (${p.rssMiB!.first} -> ${p.rssMiB!.last} MiB; anonymous ${signed(p.anonMiB?.slopePerMinute ?? 0)}, file-backed ${signed(p.fileMiB?.slopePerMinute ?? 0)} MiB/min${p.heapUsedMiB ? `; heap in use ${signed(p.heapUsedMiB.slopePerMinute)}, committed ${signed(p.heapCommittedMiB?.slopePerMinute ?? 0)} MiB/min` : ''})`;
  const handleLine = (p: (typeof processes)[number]) =>
    `${p.name} floor ${signed(p.handles!.floorSlopePerMinute ?? NaN)}/min, line ${signed(p.handles!.slopePerMinute)} (${p.handles!.first} -> ${p.handles!.last}, max ${p.handles!.max})`;
  const summary = [
    `soak: ${minutes} min of the mixed journey (${STEPS.length} steps a visit) at ${ratePerS} req/s through the public entry: ${sent} requests (${round(achievedPerSecond, 1)}/s achieved), ${failed} failed${skipped ? `, ${skipped} skipped` : ''}; p50 ${round(quantile(latencies, 0.5))} ms, p99 ${round(quantile(latencies, 0.99))} ms, max ${round(latencies[latencies.length - 1] ?? 0)} ms; started late by at most ${round(late[late.length - 1] ?? 0)} ms; ${signIns.length} sign-ins, ${signInFailed} failed`,
    `after the ${round(warmUpMs / 60_000, 1)}-min warm-up (the trace store filled to its bound first: ${prefilledSpans} spans), ${processes.length} processes: largest RSS floor slope ${topRss ? rssOrder.slice(0, 3).map(rssLine).join(', ') : 'n/a'}; largest heap-in-use slope ${
      heapOrder.length
        ? heapOrder
            .slice(0, 3)
            .map(
              (p) =>
                `${p.name} ${signed(p.heapUsedMiB!.slopePerMinute)} MiB/min (${p.heapUsedMiB!.first} -> ${p.heapUsedMiB!.last} MiB)`,
            )
            .join(', ')
        : 'n/a'
    }; largest handle floor slope ${topHandles ? handleOrder.slice(0, 3).map(handleLine).join(', ') : 'n/a'}; ${restarted.length ? `RESTARTED: ${restarted.map((p) => p.name).join(', ')}` : 'no restarts'}`,
    ...(failures.length
      ? [`first failures: ${failures.map((f) => `${f.atS}s ${f.step} ${f.status ?? f.error ?? ''}`).join('; ')}`]
      : []),
    `targets (ours): ${verdicts(judged)}`,
  ].join('\n');

  return {
    benchmark: 'soak',
    at: new Date().toISOString(),
    summary,
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
    settings: {
      minutes,
      ratePerSecond: ratePerS,
      sampleEverySeconds: SAMPLE_EVERY_MS / 1000,
      warmUpSeconds: warmUpMs / 1000,
      signInEverySeconds: SIGN_IN_EVERY_MS / 1000,
      user: USER,
      steps: STEPS.map((s) => s.name),
      logLevel: 'warn',
      traceStorePrefilledSpans: prefilledSpans,
    },
    targets: judged,
    requests: {
      scheduled: slots,
      sent,
      skipped,
      failed,
      achievedPerSecond: round(achievedPerSecond, 2),
      latencyMs: {
        p50: round(quantile(latencies, 0.5)),
        p90: round(quantile(latencies, 0.9)),
        p99: round(quantile(latencies, 0.99)),
        max: round(latencies[latencies.length - 1] ?? 0),
      },
      startedLateMs: { p99: round(quantile(late, 0.99)), max: round(late[late.length - 1] ?? 0) },
      maxTimerLagMs: round(loop.maxTimerLagMs),
      firstFailures: failures,
      steps,
    },
    signIns: {
      count: signIns.length,
      failed: signInFailed,
      p50Ms: round(quantile(signInLatency, 0.5)),
      maxMs: round(signInLatency[signInLatency.length - 1] ?? 0),
    },
    samplerErrors,
    processes,
  };
}
