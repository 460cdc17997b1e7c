import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { deploymentSchema } from '@dwp/platform';
import {
  CODEDEPLOY_ALL_AT_ONCE,
  CODEDEPLOY_LINEAR_10_PERCENT_EVERY_1_MINUTE,
  codeDeployConfigNameOf,
  codeDeployRoutingOf,
  controllerOf,
  releaseServiceProps,
  type TrafficShift,
} from './release-strategy.ts';

const parse = (input: unknown) => deploymentSchema.parse(input);
const shift = (input: unknown): TrafficShift => {
  const d = parse(input);
  return d.strategy === 'rolling' ? assert.fail('a traffic shift expected') : d;
};

describe('releaseServiceProps', () => {
  it('keeps a rolling release in place with the circuit breaker and the definition’s percentages', () => {
    const props = releaseServiceProps(
      parse({ strategy: 'rolling', minimumHealthyPercent: 50, maximumPercent: 150, rollbackOnFailure: false }),
    );
    assert.deepEqual(props, {
      minHealthyPercent: 50,
      maxHealthyPercent: 150,
      circuitBreaker: { enable: true, rollback: false },
    });
  });

  it('runs blue/green on the ECS controller with the bake time and a whole second set', () => {
    const props = releaseServiceProps(parse({ strategy: 'blue-green', bakeMinutes: 15 }));
    assert.equal(props.deploymentStrategy, ecs.DeploymentStrategy.BLUE_GREEN);
    assert.equal(props.deploymentController?.type, ecs.DeploymentControllerType.ECS);
    assert.equal(props.bakeTime?.toMinutes(), 15);
    assert.deepEqual([props.minHealthyPercent, props.maxHealthyPercent], [100, 200]);
    assert.deepEqual(props.circuitBreaker, { enable: true, rollback: true });
    assert.equal(props.canaryConfiguration, undefined);
  });

  it('gives a canary its percent and step bake, and a linear release its step', () => {
    const canary = releaseServiceProps(parse({ strategy: 'canary', percent: 10, stepBakeMinutes: 3 }));
    assert.equal(canary.deploymentStrategy, ecs.DeploymentStrategy.CANARY);
    const c = canary.canaryConfiguration;
    assert.ok(c);
    assert.equal(c.stepPercent, 10);
    assert.equal(c.stepBakeTime?.toMinutes(), 3);
    const linear = releaseServiceProps(parse({ strategy: 'linear', stepPercent: 20, stepBakeMinutes: 2 }));
    assert.equal(linear.deploymentStrategy, ecs.DeploymentStrategy.LINEAR);
    const l = linear.linearConfiguration;
    assert.ok(l);
    assert.equal(l.stepPercent, 20);
    assert.equal(l.stepBakeTime?.toMinutes(), 2);
    assert.equal(linear.canaryConfiguration, undefined);
  });

  it('hands a CodeDeploy release to CodeDeploy with no ECS strategy and no circuit breaker', () => {
    const d = parse({ strategy: 'linear', controller: 'codedeploy', stepPercent: 10, stepBakeMinutes: 1 });
    const props = releaseServiceProps(d);
    assert.equal(controllerOf(d), 'codedeploy');
    assert.equal(props.deploymentController?.type, ecs.DeploymentControllerType.CODE_DEPLOY);
    assert.equal(props.deploymentStrategy, undefined);
    assert.equal(props.circuitBreaker, undefined);
    assert.equal(props.bakeTime, undefined);
  });
});

describe('codeDeployRoutingOf', () => {
  it("names seed 004's predefined configuration for linear 10 % every minute", () => {
    assert.deepEqual(
      codeDeployRoutingOf(shift({ strategy: 'linear', controller: 'codedeploy', stepPercent: 10, stepBakeMinutes: 1 })),
      { kind: 'predefined', name: CODEDEPLOY_LINEAR_10_PERCENT_EVERY_1_MINUTE },
    );
  });

  it('makes a custom time-based routing for any other canary or linear step, and all-at-once for blue/green', () => {
    assert.deepEqual(
      codeDeployRoutingOf(shift({ strategy: 'linear', controller: 'codedeploy', stepPercent: 20, stepBakeMinutes: 1 })),
      { kind: 'linear', percent: 20, minutes: 1 },
    );
    assert.deepEqual(
      codeDeployRoutingOf(shift({ strategy: 'canary', controller: 'codedeploy', percent: 10, stepBakeMinutes: 5 })),
      { kind: 'canary', percent: 10, minutes: 5 },
    );
    assert.deepEqual(codeDeployRoutingOf(shift({ strategy: 'blue-green', controller: 'codedeploy' })), {
      kind: 'all-at-once',
    });
  });
});

describe('codeDeployConfigNameOf', () => {
  it('names the configuration the deployment group runs, so the pipeline may name it too', () => {
    const custom = 'claims-api-test';
    const linear = { strategy: 'linear', controller: 'codedeploy', stepBakeMinutes: 1 };
    assert.equal(
      codeDeployConfigNameOf(shift({ ...linear, stepPercent: 10 }), custom),
      CODEDEPLOY_LINEAR_10_PERCENT_EVERY_1_MINUTE,
    );
    assert.equal(codeDeployConfigNameOf(shift({ ...linear, stepPercent: 20 }), custom), custom);
    // A 10 % canary over 5 minutes is built as a custom configuration, not CodeDeploy's own.
    const canary = { strategy: 'canary', controller: 'codedeploy', percent: 10, stepBakeMinutes: 5 };
    assert.equal(codeDeployConfigNameOf(shift(canary), custom), custom);
    assert.equal(codeDeployConfigNameOf(shift({ strategy: 'blue-green' }), custom), CODEDEPLOY_ALL_AT_ONCE);
  });
});
