/**
 * Whether a figure sampled over time is flat: the least-squares slope of its samples after a
 * warm-up, per minute, beside where it started, ended and peaked; and the slope of its floor, the
 * lowest sample of each few minutes. A garbage-collected process's memory is a sawtooth (claims-api's
 * RSS swings by 100 MiB every three or four minutes as V8 grows its heap and a full collection
 * gives it back), which tilts a 10-minute line either way by where the teeth fall; what a leak
 * raises is the floor, the memory that survives collection. Pure.
 */

/** One sampled value at `atMs` milliseconds from the start of the run. */
export interface Sample {
  readonly atMs: number;
  readonly value: number;
}

export interface Trend {
  /** The first sample's value (warm-up included: where the run started from). */
  readonly first: number;
  /** The last sample's value. */
  readonly last: number;
  readonly max: number;
  /** Change per minute of the least-squares line through the samples after the warm-up. */
  readonly slopePerMinute: number;
  /** How many samples the slope was fitted to. */
  readonly fitted: number;
  /**
   * Change per minute of the line through the floor: the lowest sample of each
   * {@link FLOOR_WINDOW_MS} window after the warm-up. Undefined when fewer than two windows fit.
   */
  readonly floorSlopePerMinute: number | undefined;
}

/** @default the floor is the lowest sample of every 3 minutes */
export const FLOOR_WINDOW_MS = 3 * 60_000;

const MS_PER_MINUTE = 60_000;

/**
 * The slope of the least-squares line through the points (y per unit of x). A line needs two
 * points at different x: fewer, or all at one x, is a caller's mistake and throws.
 */
export function leastSquaresSlope(points: readonly { readonly x: number; readonly y: number }[]): number {
  if (points.length < 2) throw new RangeError(`a slope needs at least 2 points, got ${points.length}`);
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / points.length;
  const my = sy / points.length;
  // Centred sums: the raw-sum formula loses precision when x is large (milliseconds) and spread small.
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  if (sxx === 0) throw new RangeError('a slope needs points at two different x at least');
  return sxy / sxx;
}

/**
 * The trend of samples in time order, fitted to those at or after `warmUpMs`. Too few samples
 * after the warm-up to fit a line (a run shorter than its warm-up) throws, naming the counts.
 */
export function trendOf(samples: readonly Sample[], warmUpMs: number): Trend {
  if (samples.length === 0) throw new RangeError('no samples');
  const steady = samples.filter((s) => s.atMs >= warmUpMs);
  if (steady.length < 2)
    throw new RangeError(
      `${steady.length} of ${samples.length} samples after the ${warmUpMs} ms warm-up: too few to fit a slope`,
    );
  const floor = floorOf(steady, warmUpMs);
  return {
    first: samples[0]!.value,
    last: samples[samples.length - 1]!.value,
    max: Math.max(...samples.map((s) => s.value)),
    slopePerMinute: leastSquaresSlope(steady.map((s) => ({ x: s.atMs / MS_PER_MINUTE, y: s.value }))),
    fitted: steady.length,
    floorSlopePerMinute: floor.length >= 2 ? leastSquaresSlope(floor) : undefined,
  };
}

/**
 * The lowest sample of each whole window after the warm-up, as points (minutes, value). A last
 * window cut short by the end of the run is left out: its lowest sample would sit higher only for
 * having been looked for less.
 */
function floorOf(steady: readonly Sample[], warmUpMs: number): { x: number; y: number }[] {
  const lowest = new Map<number, Sample>();
  const end = steady[steady.length - 1]!.atMs;
  for (const s of steady) {
    const window = Math.floor((s.atMs - warmUpMs) / FLOOR_WINDOW_MS);
    if (warmUpMs + (window + 1) * FLOOR_WINDOW_MS > end + 1) continue;
    const known = lowest.get(window);
    if (!known || s.value < known.value) lowest.set(window, s);
  }
  return [...lowest.values()].map((s) => ({ x: s.atMs / MS_PER_MINUTE, y: s.value }));
}
