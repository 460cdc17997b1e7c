/**
 * Where a release's smoke tests come from, as the test listeners see them: one security group for
 * every smoke-test function of the stack (the internal ALB and the VPC-link NLB admit it), and the
 * public addresses of the VPC's NAT gateways, which is what an internet-facing ALB sees of a
 * function in the private subnets (its DNS name resolves to public addresses inside the VPC too).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';
import { natGatewayCidrs } from '../network/nat-gateway-addresses.ts';
import type { ReleaseTestSources } from './load-balancers.ts';

export interface SmokeTestSources extends ReleaseTestSources {
  readonly smokeTests: ec2.SecurityGroup;
}

export function releaseTestSources(scope: Construct, id: string, vpc: ec2.IVpc): SmokeTestSources {
  const smokeTests = new ec2.SecurityGroup(scope, id, {
    vpc,
    description: 'Release smoke tests: reach the test listeners (and, through NAT, the public ALB)',
    allowAllOutbound: true,
  });
  return { smokeTests, publicPeers: natGatewayPeers(vpc) };
}

/** `<eip>/32` of each NAT gateway the VPC's public subnets hold. */
function natGatewayPeers(vpc: ec2.IVpc): ec2.IPeer[] {
  const cidrs = natGatewayCidrs(vpc);
  if (cidrs.length === 0)
    throw new Error(
      'releaseTestSources: the VPC has no NAT gateway, so a smoke test in its private subnets cannot reach an internet-facing ALB',
    );
  return cidrs.map((cidr) => ec2.Peer.ipv4(cidr));
}
