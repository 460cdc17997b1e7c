/**
 * Where the pipeline finds the CodeDeploy deployment group of a service the definition releases
 * with `controller: 'codedeploy'`. The compute stack owns the group; the pipeline names it rather
 * than importing it, so the pipeline stack never pins an environment's stacks with exports.
 */
import { deploymentOf, type Environment, type Platform, type Service } from '@dwp/platform';
import { codeDeployConfigNameOf, isTrafficShift } from '../compute/release-strategy.ts';
import { physicalName } from '../naming.ts';

export interface CodeDeployTarget {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  /** The group's deployment configuration, which the pipeline's role may read. */
  readonly deploymentConfigName: string;
}

export type CodeDeployTargetOf = (platform: Platform, environment: Environment, service: Service) => CodeDeployTarget;

/**
 * The convention assumed of the compute stack: the CodeDeploy application and its deployment
 * group are both named after the service in the environment (`claims-api-test`), as every other
 * physical name is (naming.ts), and its configuration is the one the compute stack picks
 * (compute/release-strategy.ts: CodeDeploy's own where it matches, else one named like the group).
 */
export const codeDeployTargetByName: CodeDeployTargetOf = (platform, environment, service) => {
  const name = physicalName(environment, service.name);
  const d = deploymentOf(platform, service);
  if (!isTrafficShift(d)) throw new Error(`${service.name} is released rolling, not by CodeDeploy`);
  return { applicationName: name, deploymentGroupName: name, deploymentConfigName: codeDeployConfigNameOf(d, name) };
};
