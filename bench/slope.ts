/**
 * Whether a figure sampled over time is flat: the least-squares slope of its samples after a
 * warm-up, per minute, beside where it started, ended and peaked. Pure.
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
}

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
  return {
    first: samples[0]!.value,
    last: samples[samples.length - 1]!.value,
    max: Math.max(...samples.map((s) => s.value)),
    slopePerMinute: leastSquaresSlope(steady.map((s) => ({ x: s.atMs / MS_PER_MINUTE, y: s.value }))),
    fitted: steady.length,
  };
}
