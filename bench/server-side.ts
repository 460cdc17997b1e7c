/**
 * What the web tier itself spent on a load run, read before and after it: each frontend
 * instance's own request-duration histogram (from arrival in the frontend to its answer, without
 * the edge hop or the client's queue) and the CPU time of the frontend processes (Linux /proc)
 * and of this process, which hosts the local edge. Tells a slow page from a busy machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Instance } from '@dwp/dev-runtime';
import {
  bucketsAdded,
  histogramBuckets,
  quantileBound,
  shareWithin,
  totalOf,
  type Buckets,
} from './prometheus-histogram.ts';

const HISTOGRAM = 'http_request_duration_seconds';

interface Reading {
  readonly metrics: readonly string[];
  /** Summed over the frontend processes; undefined where /proc cannot be read. */
  readonly frontendCpuMs: number | undefined;
  readonly benchCpu: NodeJS.CpuUsage;
}

export interface ServerSide {
  /** Page answers the frontend instances counted during the run. */
  readonly answered: number;
  /** The frontend's own p99, as the smallest histogram bucket bound it falls within (ms). */
  readonly frontendP99WithinMs: number;
  /** The share of page answers the frontend gave within the target (its own clock), in %. */
  readonly frontendWithinTargetPercent: number;
  /** Frontend CPU time per page answered, over all its processes. */
  readonly frontendCpuMsPerPage: number | undefined;
  /** CPU time per page of this process: the local edge (WAF screening and proxying). */
  readonly edgeCpuMsPerPage: number;
}

let ticksPerSecond: number | undefined;

/** utime + stime of a process, in ms; undefined off Linux or when it has gone. */
function cpuMsOf(pid: number): number | undefined {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

export async function readServerSide(frontends: readonly Instance[]): Promise<Reading> {
  const metrics = await Promise.all(
    frontends.map(async (i) => (await fetch(`http://${i.host}:${i.port}/metrics`)).text()),
  );
  const cpu = frontends.map((i) => (i.pid === undefined ? undefined : cpuMsOf(i.pid)));
  const known = cpu.filter((c): c is number => c !== undefined);
  return {
    metrics,
    frontendCpuMs: known.length === cpu.length ? known.reduce((a, b) => a + b, 0) : undefined,
    benchCpu: process.cpuUsage(),
  };
}

/** `targetMs` must be one of the histogram's bucket bounds (service-kit's include 50 ms). */
export function serverSideOf(before: Reading, after: Reading, route: string, targetMs: number): ServerSide {
  const match = { method: 'GET', route };
  const added: Buckets = after.metrics
    .map((text, i) =>
      bucketsAdded(
        histogramBuckets(text, HISTOGRAM, match),
        histogramBuckets(before.metrics[i] ?? '', HISTOGRAM, match),
      ),
    )
    .reduce<Buckets>(
      (sum, b) => (sum.length === 0 ? b : sum.map(([le, n], j) => [le, n + (b[j]?.[1] ?? 0)] as const)),
      [],
    );
  const answered = totalOf(added);
  if (answered === 0) throw new Error(`the frontend counted no answers on ${route} during the run`);
  const benchMs =
    (after.benchCpu.user - before.benchCpu.user + (after.benchCpu.system - before.benchCpu.system)) / 1000;
  const round = (n: number) => Number(n.toFixed(2));
  return {
    answered,
    frontendP99WithinMs: quantileBound(added, 0.99) * 1000,
    frontendWithinTargetPercent: round(100 * shareWithin(added, targetMs / 1000)),
    frontendCpuMsPerPage:
      before.frontendCpuMs === undefined || after.frontendCpuMs === undefined
        ? undefined
        : round((after.frontendCpuMs - before.frontendCpuMs) / answered),
    edgeCpuMsPerPage: round(benchMs / answered),
  };
}
