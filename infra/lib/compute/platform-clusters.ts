/**
 * The definition's ECS clusters (seed 000 `dwp-web-cluster`, `dwp-app-cluster`) with Container
 * Insights and the FARGATE and FARGATE_SPOT capacity providers, and the Cloud Map namespace
 * (seed 000 "AWS Cloud Map Configuration") that Service Connect registers the services in.
 */
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Environment, Platform } from '@dwp/platform';
import { Construct } from 'constructs';
import { pascal, physicalName } from '../naming.ts';

export interface PlatformClustersProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpc: ec2.IVpc;
}

export class PlatformClusters extends Construct {
  readonly clusters = new Map<string, ecs.Cluster>();
  readonly namespace: servicediscovery.PrivateDnsNamespace;

  constructor(scope: Construct, id: string, props: PlatformClustersProps) {
    super(scope, id);
    const { platform, environment, vpc } = props;
    for (const c of platform.clusters) {
      this.clusters.set(
        c.name,
        new ecs.Cluster(this, pascal(c.name), {
          vpc,
          clusterName: physicalName(environment, c.name),
          containerInsightsV2: c.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
          enableFargateCapacityProviders: true,
        }),
      );
    }
    this.namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', {
      name: platform.serviceDiscovery.namespace,
      vpc,
      description: `${platform.name} ${environment.name}: <service>.${platform.serviceDiscovery.namespace}`,
    });
  }

  clusterOf(name: string): ecs.Cluster {
    const c = this.clusters.get(name);
    if (!c) throw new Error(`PlatformClusters: no cluster "${name}" in the definition`);
    return c;
  }
}
