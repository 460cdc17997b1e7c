/**
 * Everything a service's release needs beyond its deployment settings and target groups: the
 * rollback alarms, wired to ECS's deployment alarms (rolling and the native strategies) or to the
 * CodeDeploy deployment group; the smoke test, as ECS's POST_TEST_TRAFFIC_SHIFT lifecycle hook or
 * CodeDeploy's AfterAllowTestTraffic; and, for CodeDeploy, the deployment group itself.
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { deploymentOf, type Environment, type Platform } from '@dwp/platform';
import { Construct } from 'constructs';
import { CodeDeployRelease } from './codedeploy-release.ts';
import type { FargateMicroservice } from './fargate-microservice.ts';
import type { ReleaseTarget } from './load-balancers.ts';
import { ReleaseAlarms } from './release-alarms.ts';
import type { ReleaseRole } from './release-role.ts';
import { controllerOf, isTrafficShift } from './release-strategy.ts';
import { SmokeTestHook } from './smoke-test-hook.ts';

export interface ServiceReleaseProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly service: FargateMicroservice;
  /** Every ALB target group the service's traffic can be on. */
  readonly targetGroups: readonly elbv2.ApplicationTargetGroup[];
  /** Where a traffic shift reaches the service (load-balancers.ts). @default - none: a rolling release */
  readonly targets?: readonly ReleaseTarget[];
  /** Required for a smoke test or a release by ECS shifting traffic. */
  readonly releaseRole?: ReleaseRole;
  readonly vpc: ec2.IVpc;
  /** The smoke tests' security group. Required for a smoke test. */
  readonly smokeTestSecurityGroup?: ec2.ISecurityGroup;
  readonly logKey: kms.IKey;
}

export class ServiceRelease extends Construct {
  readonly alarms: ReleaseAlarms | undefined;
  readonly smokeTest: SmokeTestHook | undefined;
  /** The deployment group a pipeline deploys a CodeDeploy-released service through. */
  readonly codeDeploy: CodeDeployRelease | undefined;

  constructor(scope: Construct, id: string, props: ServiceReleaseProps) {
    super(scope, id);
    const { platform, environment, service } = props;
    const name = service.definition.name;
    const release = deploymentOf(platform, service.definition);
    const targets = props.targets ?? [];

    this.alarms = release.rollbackAlarms
      ? new ReleaseAlarms(this, 'Alarms', {
          platform,
          environment,
          serviceName: name,
          alarms: release.rollbackAlarms,
          targetGroups: props.targetGroups,
          useServiceMetrics: platform.observability.tracing.enabled,
        })
      : undefined;
    if (this.alarms && this.alarms.alarms.length > 0 && controllerOf(release) === 'ecs') {
      service.service.enableDeploymentAlarms(this.alarms.alarmNames, { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
      service.service.node.addDependency(...this.alarms.alarms);
    }

    if (!isTrafficShift(release)) {
      this.smokeTest = undefined;
      this.codeDeploy = undefined;
      return;
    }
    const [first] = targets;
    if (!first) throw new Error(`ServiceRelease ${name}: a "${release.strategy}" release needs a load balancer target`);

    this.smokeTest = release.smokeTest
      ? new SmokeTestHook(this, 'SmokeTest', {
          platform,
          environment,
          serviceName: name,
          smokeTest: release.smokeTest,
          testUrl: first.testUrl,
          vpc: props.vpc,
          securityGroup: required(props.smokeTestSecurityGroup, name, 'smokeTestSecurityGroup'),
          logKey: props.logKey,
        })
      : undefined;

    if (release.controller === 'codedeploy') {
      if (targets.length !== 1)
        throw new Error(
          `ServiceRelease ${name}: CodeDeploy shifts one target group pair, and ${name} is behind ${targets.length} load balancers`,
        );
      this.codeDeploy = new CodeDeployRelease(this, 'CodeDeploy', {
        environment,
        service,
        release,
        target: first,
        ...(this.alarms ? { alarms: this.alarms.alarms } : {}),
        ...(this.smokeTest ? { smokeTest: this.smokeTest } : {}),
      });
      return;
    }
    this.codeDeploy = undefined;
    // ECS shifts the traffic as this role: the service comes after the role and its policy, and
    // goes before them on delete.
    if (props.releaseRole) service.service.node.addDependency(props.releaseRole.role);
    if (this.smokeTest) {
      const role = required(props.releaseRole, name, 'releaseRole');
      role.allowInvoking(this.smokeTest.function);
      service.service.addLifecycleHook(
        new ecs.DeploymentLifecycleLambdaTarget(this.smokeTest.function, 'SmokeTest', {
          role: role.role,
          // Test traffic is on the new set, production traffic still all on the old.
          lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
        }),
      );
    }
  }
}

function required<T>(value: T | undefined, service: string, prop: string): T {
  if (value === undefined) throw new Error(`ServiceRelease ${service}: pass ${prop}`);
  return value;
}
