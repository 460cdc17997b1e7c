/**
 * Target groups for a service with the definition's health check (seed 000 "Health Checks" under
 * Load Balancing). A released service has two of each (blue and green); the service is attached to
 * its primary one, with the other named as its alternate when ECS shifts the traffic itself.
 */
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { HealthCheck } from '@dwp/platform';
import type { Construct } from 'constructs';
import type { FargateMicroservice } from './fargate-microservice.ts';

/** Time a draining target keeps its connections (ours; the ALB default is 300 s). */
export const DEREGISTRATION_DELAY = Duration.seconds(30);

export function healthCheckOf(hc: HealthCheck, protocol: elbv2.Protocol): elbv2.HealthCheck {
  return {
    path: hc.path,
    protocol,
    interval: Duration.seconds(hc.intervalSeconds),
    timeout: Duration.seconds(hc.timeoutSeconds),
    healthyThresholdCount: hc.healthyThreshold,
    unhealthyThresholdCount: hc.unhealthyThreshold,
    healthyHttpCodes: '200',
  };
}

/**
 * Registers the service's tasks in `targetGroup`: the primary of a pair. With `alternateTarget`, ECS
 * registers a new revision in the other group and moves the traffic between them.
 */
export function attachService(
  targetGroup: elbv2.ApplicationTargetGroup | elbv2.NetworkTargetGroup,
  service: FargateMicroservice,
  alternateTarget?: ecs.IAlternateTarget,
): void {
  targetGroup.addTarget(
    service.service.loadBalancerTarget({
      containerName: service.container.containerName,
      containerPort: service.definition.port,
      ...(alternateTarget ? { alternateTarget } : {}),
    }),
  );
}

/** An HTTP target group of the service's port; `attach: false` leaves it empty (a green group). */
export function applicationTargetGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  service: FargateMicroservice,
  healthCheck: HealthCheck,
  attach = true,
): elbv2.ApplicationTargetGroup {
  const tg = new elbv2.ApplicationTargetGroup(scope, id, {
    vpc,
    port: service.definition.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: healthCheckOf(healthCheck, elbv2.Protocol.HTTP),
    deregistrationDelay: DEREGISTRATION_DELAY,
  });
  if (attach) attachService(tg, service);
  return tg;
}

/** A TCP target group of the service's port, health-checked over HTTP; `attach: false` leaves it empty. */
export function networkTargetGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  service: FargateMicroservice,
  healthCheck: HealthCheck,
  attach = true,
): elbv2.NetworkTargetGroup {
  const tg = new elbv2.NetworkTargetGroup(scope, id, {
    vpc,
    port: service.definition.port,
    protocol: elbv2.Protocol.TCP,
    targetType: elbv2.TargetType.IP,
    healthCheck: healthCheckOf(healthCheck, elbv2.Protocol.HTTP),
    deregistrationDelay: DEREGISTRATION_DELAY,
  });
  if (attach) attachService(tg, service);
  return tg;
}
