import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuStepIntervals } from './service-scaling.ts';

describe('cpuStepIntervals', () => {
  it('turns the seed step rules into contiguous intervals below and above', () => {
    const intervals = cpuStepIntervals([
      { cpuAbovePercent: 90, change: 4 },
      { cpuAbovePercent: 80, change: 2 },
      { cpuBelowPercent: 30, change: -1 },
      { cpuBelowPercent: 20, change: -2 },
    ]);
    assert.deepEqual(intervals, [
      { upper: 20, change: -2 },
      { lower: 20, upper: 30, change: -1 },
      { lower: 80, upper: 90, change: 2 },
      { lower: 90, change: 4 },
    ]);
  });

  it('returns no intervals when the definition has no steps', () => {
    assert.deepEqual(cpuStepIntervals([]), []);
  });
});
