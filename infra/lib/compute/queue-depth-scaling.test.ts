import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BACKLOG_STEPS, backlogIntervals } from './queue-depth-scaling.ts';

describe('backlogIntervals', () => {
  it('scales in on an empty queue, out by one past the first threshold and by two past the second', () => {
    assert.deepEqual(backlogIntervals(), [
      { upper: BACKLOG_STEPS.scaleInAtOrBelow, change: BACKLOG_STEPS.scaleIn },
      { lower: BACKLOG_STEPS.scaleOutAt, upper: BACKLOG_STEPS.scaleOutFastAt, change: BACKLOG_STEPS.scaleOut },
      { lower: BACKLOG_STEPS.scaleOutFastAt, change: BACKLOG_STEPS.scaleOutFast },
    ]);
    assert.ok(
      BACKLOG_STEPS.scaleIn < 0 && BACKLOG_STEPS.scaleOut > 0 && BACKLOG_STEPS.scaleOutFast > BACKLOG_STEPS.scaleOut,
    );
  });

  it('refuses thresholds that do not rise', () => {
    assert.throws(
      () => backlogIntervals({ ...BACKLOG_STEPS, scaleOutFastAt: BACKLOG_STEPS.scaleOutAt }),
      /thresholds must rise/,
    );
    assert.throws(
      () => backlogIntervals({ ...BACKLOG_STEPS, scaleInAtOrBelow: BACKLOG_STEPS.scaleOutAt }),
      /thresholds must rise/,
    );
  });
});
