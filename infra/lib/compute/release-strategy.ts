/**
 * How the definition's release strategy becomes an ECS service's deployment settings: rolling
 * updates with the circuit breaker; ECS's own blue/green, canary and linear strategies
 * (`DeploymentConfiguration.Strategy`, `BakeTimeInMinutes`, `CanaryConfiguration`,
 * `LinearConfiguration`); or the CodeDeploy controller, whose traffic routing is chosen here too.
 * Pure: no constructs, so each strategy's settings are tested without a synth.
 */
import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { Deployment } from '@dwp/platform';

/** A strategy that moves traffic between two target groups (everything but rolling). */
export type TrafficShift = Exclude<Deployment, { strategy: 'rolling' }>;

export function isTrafficShift(d: Deployment): d is TrafficShift {
  return d.strategy !== 'rolling';
}

/** Which controller runs a release: ECS itself (rolling or its native strategies) or CodeDeploy. */
export function controllerOf(d: Deployment): 'ecs' | 'codedeploy' {
  return d.strategy === 'rolling' ? 'ecs' : d.controller;
}

/**
 * The old set stays whole beside the new one (max 200 %) and never drops below the desired count
 * (min 100 %) while a traffic shift runs, so a rollback has a full set to return to (ours).
 */
export const SHIFT_MINIMUM_HEALTHY_PERCENT = 100;
export const SHIFT_MAXIMUM_PERCENT = 200;

/** The subset of FargateService props a release strategy decides. */
export type ReleaseServiceProps = Pick<
  ecs.FargateServiceProps,
  | 'minHealthyPercent'
  | 'maxHealthyPercent'
  | 'circuitBreaker'
  | 'deploymentController'
  | 'deploymentStrategy'
  | 'bakeTime'
  | 'canaryConfiguration'
  | 'linearConfiguration'
>;

/**
 * The service props of a strategy. Every ECS-controlled release keeps the circuit breaker with
 * rollback (a new set that never gets healthy is rolled back before any alarm could see it);
 * CodeDeploy rolls back on its own and refuses the circuit breaker.
 */
export function releaseServiceProps(d: Deployment): ReleaseServiceProps {
  if (d.strategy === 'rolling') {
    return {
      minHealthyPercent: d.minimumHealthyPercent,
      maxHealthyPercent: d.maximumPercent,
      circuitBreaker: { enable: true, rollback: d.rollbackOnFailure },
    };
  }
  const shift = { minHealthyPercent: SHIFT_MINIMUM_HEALTHY_PERCENT, maxHealthyPercent: SHIFT_MAXIMUM_PERCENT };
  if (d.controller === 'codedeploy') {
    return { ...shift, deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } };
  }
  const ecsShift = {
    ...shift,
    deploymentController: { type: ecs.DeploymentControllerType.ECS },
    circuitBreaker: { enable: true, rollback: true },
    bakeTime: Duration.minutes(d.bakeMinutes),
  };
  switch (d.strategy) {
    case 'blue-green':
      return { ...ecsShift, deploymentStrategy: ecs.DeploymentStrategy.BLUE_GREEN };
    case 'canary':
      return {
        ...ecsShift,
        deploymentStrategy: ecs.DeploymentStrategy.CANARY,
        canaryConfiguration: { stepPercent: d.percent, stepBakeTime: Duration.minutes(d.stepBakeMinutes) },
      };
    case 'linear':
      return {
        ...ecsShift,
        deploymentStrategy: ecs.DeploymentStrategy.LINEAR,
        linearConfiguration: { stepPercent: d.stepPercent, stepBakeTime: Duration.minutes(d.stepBakeMinutes) },
      };
    default: {
      const never: never = d;
      throw new Error(`Unexpected deployment ${JSON.stringify(never)}`);
    }
  }
}

/** CodeDeploy's own configuration for seed 004's release (10 % more every minute). */
export const CODEDEPLOY_LINEAR_10_PERCENT_EVERY_1_MINUTE = 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes';

/**
 * The CodeDeploy traffic routing of a strategy: a predefined configuration where one says exactly
 * what the strategy says, else a custom time-based one; blue/green moves everything at once.
 */
export type CodeDeployRouting =
  | { readonly kind: 'predefined'; readonly name: string }
  | { readonly kind: 'all-at-once' }
  | { readonly kind: 'canary'; readonly percent: number; readonly minutes: number }
  | { readonly kind: 'linear'; readonly percent: number; readonly minutes: number };

export function codeDeployRoutingOf(d: TrafficShift): CodeDeployRouting {
  switch (d.strategy) {
    case 'blue-green':
      return { kind: 'all-at-once' };
    case 'canary':
      return { kind: 'canary', percent: d.percent, minutes: d.stepBakeMinutes };
    case 'linear':
      return d.stepPercent === 10 && d.stepBakeMinutes === 1
        ? { kind: 'predefined', name: CODEDEPLOY_LINEAR_10_PERCENT_EVERY_1_MINUTE }
        : { kind: 'linear', percent: d.stepPercent, minutes: d.stepBakeMinutes };
    default: {
      const never: never = d;
      throw new Error(`Unexpected deployment ${JSON.stringify(never)}`);
    }
  }
}

/** CodeDeploy's own all-at-once configuration (what `EcsDeploymentConfig.ALL_AT_ONCE` names). */
export const CODEDEPLOY_ALL_AT_ONCE = 'CodeDeployDefault.ECSAllAtOnce';

/** The name of the deployment configuration a release runs with: CodeDeploy's own, or `customName`. */
export function codeDeployConfigNameOf(d: TrafficShift, customName: string): string {
  const routing = codeDeployRoutingOf(d);
  if (routing.kind === 'predefined') return routing.name;
  if (routing.kind === 'all-at-once') return CODEDEPLOY_ALL_AT_ONCE;
  return customName;
}
