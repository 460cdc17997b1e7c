import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rollbackAlarmsSchema } from '@dwp/platform';
import { readingBetween } from './alarm-evaluator.ts';
import { walkSteps, type Observation, type WalkAction } from './step-walker.ts';

const plan = {
  steps: [
    { percent: 10, bakeMinutes: 1, bakeMs: 2000 },
    { percent: 100, bakeMinutes: 1, bakeMs: 1000 },
  ],
  alarms: rollbackAlarmsSchema.parse({ errorRatePercentAbove: 1, datapoints: 2 }),
  periodMs: 1000,
};

const seen = (requests: number, errors: number, unhealthy: string[] = []): Observation => ({
  reading: readingBetween({ requests: 0, errors: 0, p99Ms: undefined }, { requests, errors, p99Ms: undefined }),
  unhealthy,
});

/** Runs the walker, answering each observe with the next observation; the actions it took. */
function walk(observations: Observation[]): WalkAction[] {
  const actions: WalkAction[] = [];
  const walker = walkSteps(plan);
  let next = walker.next();
  while (!next.done) {
    actions.push(next.value);
    next = walker.next(next.value.kind === 'observe' ? observations.shift() : undefined);
  }
  return actions;
}

describe('the step walker', () => {
  it('shifts each step, watches it for its bake period by period, and finishes', () => {
    const actions = walk([seen(10, 0), seen(10, 0), seen(50, 0)]);
    assert.deepEqual(
      actions.map((a) =>
        a.kind === 'shift' ? `shift ${a.percent}` : a.kind === 'observe' ? `observe ${a.step}` : a.kind,
      ),
      ['shift 10', 'observe 0', 'observe 0', 'shift 100', 'observe 1', 'finish'],
    );
  });

  it('rolls back within the step where the alarm fires, and goes no further', () => {
    const actions = walk([seen(10, 5), seen(10, 5), seen(50, 0)]);
    const last = actions.at(-1)!;
    assert.ok(last.kind === 'roll-back', last.kind);
    assert.equal(last.step, 0);
    assert.match(last.reason, /alarm fired after 2 breaching periods in a row: 5xx rate 50 % above 1 %/);
    assert.ok(!actions.some((a) => a.kind === 'shift' && a.percent === 100));
  });

  it('keeps the breach streak across steps, as an alarm watches the whole release', () => {
    const actions = walk([seen(10, 0), seen(10, 5), seen(50, 25)]);
    const last = actions.at(-1)!;
    assert.ok(last.kind === 'roll-back');
    assert.equal(last.step, 1);
  });

  it('rolls back when a new instance stops being healthy', () => {
    const last = walk([seen(10, 0, ['claims-api-r2-1'])]).at(-1)!;
    assert.ok(last.kind === 'roll-back');
    assert.equal(last.reason, 'claims-api-r2-1 stopped being healthy');
  });

  it('refuses to go on without an observation', () => {
    const walker = walkSteps(plan);
    walker.next();
    walker.next();
    assert.throws(() => walker.next(undefined), TypeError);
  });
});
