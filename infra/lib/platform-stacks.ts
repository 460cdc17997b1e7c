/**
 * Composes one environment of a platform definition into its stacks:
 * network -> data -> identity -> registry -> compute -> api -> edge (+ the CloudFront WAF in us-east-1)
 * -> observability.
 */
import { Tags } from 'aws-cdk-lib';
import type { Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { pascal } from './naming.ts';
import { CLOUDFRONT_WAF_REGION, type DeploymentTarget as Target } from './deployment-target.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { ComputeStack } from './stacks/compute-stack.ts';
import { EdgeFirewallStack } from './stacks/edge-firewall-stack.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { IdentityStack } from './stacks/identity-stack.ts';
import { ObservabilityStack } from './stacks/observability-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { NetworkStack } from './stacks/network-stack.ts';
import { RegistryStack } from './stacks/registry-stack.ts';

export interface PlatformStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly registry: RegistryStack;
  readonly compute: ComputeStack;
  readonly api: ApiStack;
  readonly edgeFirewall: EdgeFirewallStack;
  readonly edge: EdgeStack;
  readonly observability: ObservabilityStack;
}

export function environmentNamed(platform: Platform, name: string): Environment {
  const environment = platform.environments.find((e) => e.name === name);
  if (!environment) {
    throw new Error(
      `platform "${platform.name}" has no environment "${name}"; it has ${platform.environments.map((e) => e.name).join(', ')}`,
    );
  }
  return environment;
}

export function addPlatformStacks(
  scope: Construct,
  platform: Platform,
  environment: Environment,
  target: Target,
): PlatformStacks {
  const env = { account: target.account, region: target.region };
  const id = (part: string) => `${pascal(platform.name, environment.name)}${part}`;
  const common = { env, platform, environment, terminationProtection: true };

  const network = new NetworkStack(scope, id('Network'), { ...common, availabilityZones: target.availabilityZones });
  const data = new DataStack(scope, id('Data'), { ...common, vpc: network.vpc });
  const identity = new IdentityStack(scope, id('Identity'), common);
  const registry = new RegistryStack(scope, id('Registry'), common);
  const compute = new ComputeStack(scope, id('Compute'), {
    ...common,
    vpc: network.vpc,
    data,
    userPool: identity.userPool,
    repositories: registry.repositories,
    ...(target.imageTag !== undefined ? { imageTag: target.imageTag } : {}),
  });

  const internalPort = compute.loadBalancers.internalPort;
  if (internalPort === undefined)
    throw new Error(`platform "${platform.name}": the primary API needs loadBalancing.internal`);
  const api = new ApiStack(scope, id('Api'), {
    ...common,
    vpc: network.vpc,
    apiLink: compute.loadBalancers.apiLink,
    internalPort,
    webAclArn: compute.firewall.webAcl.attrArn,
    userPool: identity.userPool,
  });
  const crossRegion = target.region !== CLOUDFRONT_WAF_REGION;
  const edgeFirewall = new EdgeFirewallStack(scope, id('EdgeFirewall'), {
    ...common,
    env: { account: target.account, region: CLOUDFRONT_WAF_REGION },
    crossRegionReferences: crossRegion,
  });
  const edge = new EdgeStack(scope, id('Edge'), {
    env,
    platform,
    terminationProtection: true,
    crossRegionReferences: crossRegion,
    apiId: api.internal.api.restApiId,
    apiStage: api.internal.gateway.stage,
    apiOriginVerifyValue: api.originVerify.headerValue,
    webAclArn: edgeFirewall.firewall.webAcl.attrArn,
  });
  const observability = new ObservabilityStack(scope, id('Observability'), { ...common, compute, api, data });

  const stacks = { network, data, identity, registry, compute, api, edgeFirewall, edge, observability };
  for (const stack of Object.values(stacks)) {
    Tags.of(stack).add('platform', platform.name);
    Tags.of(stack).add('environment', environment.name);
  }
  return stacks;
}
