/**
 * A service released by CodeDeploy (`controller: 'codedeploy'`, seed 004): its application and
 * ECS deployment group over the service's blue and green target groups, production and test
 * listeners; the traffic routing of the strategy (CodeDeploy's predefined
 * `ECSLinear10PercentEvery1Minutes` where the strategy says exactly that, a custom time-based
 * canary or linear configuration otherwise, all at once for blue/green); the old set kept for
 * `bakeMinutes` after the shift; and rollback on a failed or stopped deployment and on the
 * release alarms. The pipeline deploys through `deploymentGroup`, with `smokeTestFunction` as the
 * AppSpec's `AfterAllowTestTraffic` hook.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Environment } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { physicalName } from '../naming.ts';
import type { FargateMicroservice } from './fargate-microservice.ts';
import type { ReleaseTarget } from './load-balancers.ts';
import { codeDeployRoutingOf, type TrafficShift } from './release-strategy.ts';
import type { SmokeTestHook } from './smoke-test-hook.ts';

export interface CodeDeployReleaseProps {
  readonly environment: Environment;
  readonly service: FargateMicroservice;
  readonly release: TrafficShift;
  /** The one load balancer pair CodeDeploy shifts (a deployment group names one). */
  readonly target: ReleaseTarget;
  /** Alarms that stop the deployment and roll it back. @default - none */
  readonly alarms?: readonly cloudwatch.IAlarm[];
  /** Runs at AfterAllowTestTraffic (named in the AppSpec). @default - no smoke test */
  readonly smokeTest?: SmokeTestHook;
}

export class CodeDeployRelease extends Construct {
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  readonly smokeTestFunction: lambda.IFunction | undefined;

  constructor(scope: Construct, id: string, props: CodeDeployReleaseProps) {
    super(scope, id);
    const { environment, service, release, target } = props;
    const name = physicalName(environment, service.definition.name);
    const alarms = [...(props.alarms ?? [])];
    const application = new codedeploy.EcsApplication(this, 'Application', { applicationName: name });
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application,
      deploymentGroupName: name,
      service: service.service,
      deploymentConfig: this.deploymentConfigOf(release, name),
      blueGreenDeploymentConfig: {
        blueTargetGroup: target.primary,
        greenTargetGroup: target.green,
        listener: target.productionListener,
        testListener: target.testListener,
        terminationWaitTime: Duration.minutes(release.bakeMinutes),
      },
      alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: alarms.length > 0 },
    });
    props.smokeTest?.allowReporting(this.deploymentGroup, this.deploymentGroup.role);
    this.smokeTestFunction = props.smokeTest?.function;
    NagSuppressions.addResourceSuppressions(
      this.deploymentGroup,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            "AWSCodeDeployRoleForECS is the service role AWS documents for ECS blue/green: it creates and deletes the service's task sets and modifies the listeners and rules it shifts, which CodeDeploy names at deploy time.",
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECS'],
        },
      ],
      true,
    );
  }

  /** A custom config is named like its group, so the pipeline's deploy action can name it too. */
  private deploymentConfigOf(release: TrafficShift, name: string): codedeploy.IEcsDeploymentConfig {
    const routing = codeDeployRoutingOf(release);
    switch (routing.kind) {
      case 'predefined':
        return codedeploy.EcsDeploymentConfig.fromEcsDeploymentConfigName(this, 'Config', routing.name);
      case 'all-at-once':
        return codedeploy.EcsDeploymentConfig.ALL_AT_ONCE;
      case 'canary':
        return new codedeploy.EcsDeploymentConfig(this, 'Config', {
          deploymentConfigName: name,
          trafficRouting: codedeploy.TrafficRouting.timeBasedCanary({
            percentage: routing.percent,
            interval: Duration.minutes(routing.minutes),
          }),
        });
      case 'linear':
        return new codedeploy.EcsDeploymentConfig(this, 'Config', {
          deploymentConfigName: name,
          trafficRouting: codedeploy.TrafficRouting.timeBasedLinear({
            percentage: routing.percent,
            interval: Duration.minutes(routing.minutes),
          }),
        });
      default: {
        const never: never = routing;
        throw new Error(`Unexpected routing ${JSON.stringify(never)}`);
      }
    }
  }
}
