import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leastSquaresSlope, trendOf, type Sample } from './slope.ts';

/** Samples every 10 s for `minutes`, valued by `f` of the minute. */
const every10s = (minutes: number, f: (minute: number) => number): Sample[] =>
  Array.from({ length: minutes * 6 + 1 }, (_, i) => ({ atMs: i * 10_000, value: f(i / 6) }));

describe('leastSquaresSlope', () => {
  it('gives the slope of points that lie on a line', () => {
    assert.equal(
      leastSquaresSlope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
      2,
    );
  });

  it('gives zero for a level series however it is offset', () => {
    assert.equal(
      leastSquaresSlope([
        { x: 1e12, y: 500 },
        { x: 1e12 + 1, y: 500 },
        { x: 1e12 + 2, y: 500 },
      ]),
      0,
    );
  });

  it('fits the line that minimises squared error through scattered points', () => {
    // y = x nudged +1 / -1 alternately (1, 0, 3, 2). By hand: mean x 1.5, mean y 1.5,
    // sum (dx dy) = 3, sum dx^2 = 5, so the best line's slope is 0.6, not the 1 of y = x.
    const points = [0, 1, 2, 3].map((x) => ({ x, y: x + (x % 2 === 0 ? 1 : -1) }));
    assert.ok(Math.abs(leastSquaresSlope(points) - 0.6) < 1e-12);
  });

  it('keeps its precision when x is large and closely spaced (epoch milliseconds)', () => {
    const t0 = 1_764_000_000_000;
    const points = [0, 1, 2, 3, 4].map((i) => ({ x: t0 + i, y: 7 + 0.5 * i }));
    assert.ok(Math.abs(leastSquaresSlope(points) - 0.5) < 1e-9);
  });

  it('refuses fewer than two points', () => {
    assert.throws(() => leastSquaresSlope([{ x: 0, y: 1 }]), RangeError);
  });

  it('refuses points that all share one x', () => {
    assert.throws(
      () =>
        leastSquaresSlope([
          { x: 3, y: 1 },
          { x: 3, y: 2 },
        ]),
      RangeError,
    );
  });
});

describe('trendOf', () => {
  it('reports a steady growth per minute, with first, last and max', () => {
    const t = trendOf(
      every10s(10, (m) => 100 + 2 * m),
      60_000,
    );
    assert.ok(Math.abs(t.slopePerMinute - 2) < 1e-9);
    assert.equal(t.first, 100);
    assert.equal(t.last, 120);
    assert.equal(t.max, 120);
    assert.equal(t.fitted, 55);
  });

  it('leaves the warm-up out of the fit, so growth while warming up does not count', () => {
    // Climbs 50 in the first minute (JIT, pools, caches filling), then level.
    const t = trendOf(
      every10s(10, (m) => (m < 1 ? 100 + 50 * m : 150)),
      60_000,
    );
    assert.equal(t.slopePerMinute, 0);
    assert.equal(t.first, 100);
    assert.equal(t.max, 150);
  });

  it('sees a leak under sawtooth noise (a collector freeing a little every sample)', () => {
    const t = trendOf(
      every10s(10, (m) => 200 + 1 * m + (Math.round(m * 6) % 2 === 0 ? 3 : -3)),
      60_000,
    );
    assert.ok(Math.abs(t.slopePerMinute - 1) < 0.2, `slope ${t.slopePerMinute}`);
  });

  it("reads a collector's sawtooth with a level floor as flat at the floor, whatever the raw line says", () => {
    // Grows 30 a minute for three minutes, then a full collection gives it all back: claims-api's RSS.
    // Where the teeth fall in ten minutes tilts the raw line (here down, by 1.6 a minute).
    const t = trendOf(
      every10s(10, (m) => 200 + 30 * ((m + 0.5) % 3)),
      60_000,
    );
    assert.ok(Math.abs(t.slopePerMinute) > 1, `raw slope ${t.slopePerMinute}`);
    assert.ok(
      t.floorSlopePerMinute !== undefined && Math.abs(t.floorSlopePerMinute) < 0.5,
      `floor ${t.floorSlopePerMinute}`,
    );
  });

  it('sees a leak that raises the floor under a sawtooth', () => {
    const t = trendOf(
      every10s(10, (m) => 200 + 2 * m + 30 * ((m + 0.5) % 3)),
      60_000,
    );
    assert.ok(
      t.floorSlopePerMinute !== undefined && Math.abs(t.floorSlopePerMinute - 2) < 0.5,
      `floor ${t.floorSlopePerMinute}`,
    );
  });

  it('has no floor slope when fewer than two whole windows follow the warm-up', () => {
    assert.equal(
      trendOf(
        every10s(6, () => 1),
        60_000,
      ).floorSlopePerMinute,
      undefined,
    );
  });

  it('throws, naming the counts, when the run ended before enough samples followed the warm-up', () => {
    assert.throws(
      () =>
        trendOf(
          every10s(1, () => 1),
          60_000,
        ),
      /1 of 7 samples after the 60000 ms warm-up/,
    );
  });

  it('throws on no samples at all', () => {
    assert.throws(() => trendOf([], 0), RangeError);
  });
});
