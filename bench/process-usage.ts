/**
 * What a running platform's processes hold, read from Linux's /proc: resident memory (VmRSS in
 * /proc/<pid>/status), open handles (the entries of /proc/<pid>/fd: files, sockets, pipes, timers)
 * and how many processes descend from it (PostgreSQL's backends, one per connection); and, for
 * a service instance, the V8 heap in use from its `/metrics` (prom-client's process defaults), which
 * tells live objects piling up from memory the allocator keeps. Which processes there are comes
 * from the runtime's `/status`: every service instance, store and stand-in it keeps, with its pid.
 */
import { readdir, readFile } from 'node:fs/promises';
import { z } from 'zod';

export interface ProcessUsage {
  readonly rssKiB: number;
  /** The anonymous part of it (RssAnon: heaps, stacks, buffers): what a leak grows. */
  readonly anonKiB: number;
  /** The file-backed part (RssFile: the binary's and libraries' pages as they are touched). */
  readonly fileKiB: number;
  readonly handles: number;
  /** Processes below this one (children, theirs, ...). */
  readonly descendants: number;
}

/** A process the runtime keeps, by the name `/status` gives it (an instance id, a store, a stand-in). */
export interface KeptProcess {
  readonly name: string;
  readonly kind: 'instance' | 'store' | 'stand-in';
  readonly pid: number;
  /** How often the runtime restarted it so far. */
  readonly restarts: number;
  /** Where a service instance answers (its `/metrics`); stores and stand-ins have none. */
  readonly url?: string;
}

/** The parts of the runtime's `/status` read here (see dev-runtime's status-table.ts). */
const kept = z.looseObject({ pid: z.number().int().positive().nullable().optional(), restarts: z.number().optional() });
const platformStatus = z.looseObject({
  stores: z.array(kept.extend({ name: z.string() })),
  standIns: z.array(kept.extend({ name: z.string() })),
  services: z.array(
    z.looseObject({
      instances: z.array(kept.extend({ id: z.string(), url: z.string() })),
    }),
  ),
});

/** Every process the runtime at `adminUrl` keeps that has a pid now (one being restarted may not). */
export async function keptProcesses(adminUrl: string): Promise<KeptProcess[]> {
  const res = await fetch(`${adminUrl}/status`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${adminUrl}/status answered ${res.status}`);
  const status = platformStatus.parse(await res.json());
  const withPid = (name: string, kind: KeptProcess['kind'], k: z.output<typeof kept>, url?: string): KeptProcess[] =>
    k.pid ? [{ name, kind, pid: k.pid, restarts: k.restarts ?? 0, ...(url ? { url } : {}) }] : [];
  return [
    ...status.services.flatMap((s) => s.instances.flatMap((i) => withPid(i.id, 'instance', i, i.url))),
    ...status.stores.flatMap((s) => withPid(s.name, 'store', s)),
    ...status.standIns.flatMap((s) => withPid(s.name, 'stand-in', s)),
  ];
}

/** The children of every process now, from /proc/<pid>/stat (field 4, after the parenthesised name). */
async function childrenOfAll(): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The name may itself hold spaces and parentheses: the fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) out.set(ppid, [...(out.get(ppid) ?? []), Number(entry)]);
    } catch {
      // it exited while the list was read
    }
  }
  return out;
}

function descendantsOf(pid: number, childrenOf: ReadonlyMap<number, readonly number[]>): number {
  let count = 0;
  const stack = [...(childrenOf.get(pid) ?? [])];
  while (stack.length) {
    const next = stack.pop()!;
    count += 1;
    stack.push(...(childrenOf.get(next) ?? []));
  }
  return count;
}

async function usageOf(
  pid: number,
  childrenOf: ReadonlyMap<number, readonly number[]>,
): Promise<ProcessUsage | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    // A zombie has no VmRSS line: it holds nothing, and is not the process that was meant.
    if (!rss) return undefined;
    const handles = (await readdir(`/proc/${pid}/fd`)).length;
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0);
    return {
      rssKiB: Number(rss[1]),
      anonKiB: kib('RssAnon'),
      fileKiB: kib('RssFile'),
      handles,
      descendants: descendantsOf(pid, childrenOf),
    };
  } catch {
    // it exited between being listed and being read
    return undefined;
  }
}

/** The usage of each pid now; a pid that is gone (or not Linux: no /proc) is left out. */
export async function usageOfAll(pids: readonly number[]): Promise<Map<number, ProcessUsage>> {
  const childrenOf = await childrenOfAll();
  const out = new Map<number, ProcessUsage>();
  for (const pid of pids) {
    const usage = await usageOf(pid, childrenOf);
    if (usage) out.set(pid, usage);
  }
  return out;
}

const HEAP_USED = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})?\s+(\S+)$/m;
const HEAP_COMMITTED = /^nodejs_heap_size_total_bytes(?:\{[^}]*\})?\s+(\S+)$/m;

/** The V8 heap of a process: what live objects use, and what V8 holds for them (committed). */
export interface HeapUsage {
  readonly usedBytes: number;
  readonly committedBytes: number;
}

/**
 * The V8 heap of the service answering at `url`, from its `/metrics`; undefined when it does not
 * answer in time or publishes no such gauges (a process without the service kit's metrics).
 */
export async function heapOf(url: string): Promise<HeapUsage | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
    const text = await res.text();
    if (!res.ok) return undefined;
    const used = Number(HEAP_USED.exec(text)?.[1]);
    const committed = Number(HEAP_COMMITTED.exec(text)?.[1]);
    return Number.isFinite(used) && Number.isFinite(committed)
      ? { usedBytes: used, committedBytes: committed }
      : undefined;
  } catch {
    return undefined;
  }
}
