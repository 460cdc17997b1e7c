/** Target groups for a service with the definition's health check (seed 000 "Health Checks" under Load Balancing). */
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
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

export function applicationTargetGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  service: FargateMicroservice,
  healthCheck: HealthCheck,
): elbv2.ApplicationTargetGroup {
  return new elbv2.ApplicationTargetGroup(scope, id, {
    vpc,
    port: service.definition.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targetType: elbv2.TargetType.IP,
    healthCheck: healthCheckOf(healthCheck, elbv2.Protocol.HTTP),
    deregistrationDelay: DEREGISTRATION_DELAY,
    targets: [
      service.service.loadBalancerTarget({
        containerName: service.container.containerName,
        containerPort: service.definition.port,
      }),
    ],
  });
}

export function networkTargetGroup(
  scope: Construct,
  id: string,
  vpc: ec2.IVpc,
  service: FargateMicroservice,
  healthCheck: HealthCheck,
): elbv2.NetworkTargetGroup {
  return new elbv2.NetworkTargetGroup(scope, id, {
    vpc,
    port: service.definition.port,
    protocol: elbv2.Protocol.TCP,
    targetType: elbv2.TargetType.IP,
    healthCheck: healthCheckOf(healthCheck, elbv2.Protocol.HTTP),
    deregistrationDelay: DEREGISTRATION_DELAY,
    targets: [
      service.service.loadBalancerTarget({
        containerName: service.container.containerName,
        containerPort: service.definition.port,
      }),
    ],
  });
}
