/**
 * A Prometheus histogram read from a service's `/metrics` text: cumulative counts by bucket upper
 * bound, the difference between two readings (what one load run added), and what a run's buckets
 * say about a quantile. Pure.
 */

/** Cumulative count of observations at or below each upper bound (seconds; +Inf as Infinity), ascending. */
export type Buckets = ReadonlyArray<readonly [le: number, count: number]>;

const SAMPLE = /^(\w+)\{([^}]*)\}\s+(\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** The `<name>_bucket` series whose labels include `match`, summed bucket by bucket. */
export function histogramBuckets(text: string, name: string, match: Readonly<Record<string, string>>): Buckets {
  const sums = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (!m || m[1] !== `${name}_bucket`) continue;
    const labels = new Map([...m[2]!.matchAll(LABEL)].map((l) => [l[1]!, l[2]!]));
    if (!Object.entries(match).every(([k, v]) => labels.get(k) === v)) continue;
    const le = labels.get('le');
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    sums.set(bound, (sums.get(bound) ?? 0) + Number(m[3]));
  }
  return [...sums].sort((a, b) => a[0] - b[0]);
}

/** What happened between two readings of the same histogram. */
export function bucketsAdded(after: Buckets, before: Buckets): Buckets {
  const was = new Map(before);
  return after.map(([le, count]) => [le, count - (was.get(le) ?? 0)] as const);
}

export const totalOf = (b: Buckets): number => b.at(-1)?.[1] ?? 0;

/** The share (0..1) of observations at or below `le`, which must be one of the bucket bounds. */
export function shareWithin(b: Buckets, le: number): number {
  const bucket = b.find(([bound]) => bound === le);
  if (!bucket) throw new Error(`no bucket with upper bound ${le}`);
  const total = totalOf(b);
  return total === 0 ? 0 : bucket[1] / total;
}

/** The smallest bucket bound that at least `q` (0..1) of the observations fall within. */
export function quantileBound(b: Buckets, q: number): number {
  const total = totalOf(b);
  if (total === 0) throw new Error('no observations');
  return b.find(([, count]) => count >= q * total)![0];
}
