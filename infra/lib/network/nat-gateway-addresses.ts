/**
 * The public addresses a VPC's private subnets leave by: the Elastic IP of each NAT gateway its
 * public subnets hold. What an internet-facing endpoint (a public ALB, a regional API) sees of a
 * task or function inside the VPC.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** `<eip>/32` of each NAT gateway in the VPC's public subnets; empty when it has none. */
export function natGatewayCidrs(vpc: ec2.IVpc): string[] {
  return vpc.publicSubnets
    .flatMap((subnet) => subnet.node.children.filter((child): child is ec2.CfnEIP => child instanceof ec2.CfnEIP))
    .map((eip) => `${eip.attrPublicIp}/32`);
}
