import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentSchema } from './schema.ts';
import { trafficStepsOf } from './release-plan.ts';

const parse = (input: unknown) => deploymentSchema.parse(input);

describe('trafficStepsOf', () => {
  it("walks seed 004's CodeDeployDefault.ECSLinear10PercentEvery1Minutes: ten steps of 10 %, a minute each", () => {
    const steps = trafficStepsOf(parse({ strategy: 'linear', stepPercent: 10, stepBakeMinutes: 1, bakeMinutes: 0 }));
    assert.deepEqual(
      steps.map((s) => s.percent),
      [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
    );
    assert.ok(steps.slice(0, -1).every((s) => s.bakeMinutes === 1));
    assert.equal(steps.at(-1)?.bakeMinutes, 0);
  });

  it('ends a linear release on exactly 100 % when the step does not divide it', () => {
    const steps = trafficStepsOf(parse({ strategy: 'linear', stepPercent: 33.3, stepBakeMinutes: 2 }));
    assert.deepEqual(
      steps.map((s) => s.percent),
      [33.3, 66.6, 99.9, 100],
    );
    assert.equal(steps.at(-1)?.bakeMinutes, 5, 'the final bake defaults to five minutes');
  });

  it('gives a canary its one step, then the rest with the final bake', () => {
    assert.deepEqual(trafficStepsOf(parse({ strategy: 'canary', percent: 10, stepBakeMinutes: 3, bakeMinutes: 7 })), [
      { percent: 10, bakeMinutes: 3 },
      { percent: 100, bakeMinutes: 7 },
    ]);
  });

  it('moves blue/green all at once and rolling with no bake of its own', () => {
    assert.deepEqual(trafficStepsOf(parse({ strategy: 'blue-green', bakeMinutes: 4 })), [
      { percent: 100, bakeMinutes: 4 },
    ]);
    assert.deepEqual(trafficStepsOf(parse({ strategy: 'rolling' })), [{ percent: 100, bakeMinutes: 0 }]);
  });

  it('defaults to the ECS controller', () => {
    const d = parse({ strategy: 'blue-green' });
    assert.equal(d.strategy === 'blue-green' && d.controller, 'ecs');
  });
});
