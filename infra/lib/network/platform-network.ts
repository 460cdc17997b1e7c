/**
 * The VPC one environment runs in: public subnets (load balancers, NAT gateways), private
 * application subnets (Fargate tasks) and isolated data subnets (RDS, ElastiCache) across the
 * definition's availability zones (seed 001), with VPC endpoints so tasks pull images, write logs
 * and read secrets without the NAT gateway, and flow logs of all traffic.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Environment, Platform } from '@dwp/platform';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { logRetention } from '../log-retention.ts';

/** Subnet sizes (ours): 251 addresses per public/data subnet, 4091 per application subnet. */
export const PUBLIC_SUBNET_MASK = 24;
export const APPLICATION_SUBNET_MASK = 20;
export const DATA_SUBNET_MASK = 24;

export interface PlatformNetworkProps {
  readonly platform: Platform;
  readonly environment: Environment;
  /** Zone names, as many as `platform.network.availabilityZones`. */
  readonly availabilityZones: readonly string[];
  /** Encrypts the flow-log group. */
  readonly key: kms.IKey;
}

export class PlatformNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const { network } = props.platform;
    if (props.availabilityZones.length !== network.availabilityZones) {
      throw new Error(
        `PlatformNetwork: the definition spans ${network.availabilityZones} zones but ${props.availabilityZones.length} were given; pass one name per zone`,
      );
    }
    if (props.environment.natGateways > network.availabilityZones) {
      throw new Error(
        `PlatformNetwork: ${props.environment.natGateways} NAT gateways cannot fit in ${network.availabilityZones} zones`,
      );
    }

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(network.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways: props.environment.natGateways,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: PUBLIC_SUBNET_MASK, mapPublicIpOnLaunch: false },
        { name: 'application', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: APPLICATION_SUBNET_MASK },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: DATA_SUBNET_MASK },
      ],
    });

    this.flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: logRetention(props.platform),
      encryptionKey: props.key,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    const endpointSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const interfaces: Array<[string, ec2.InterfaceVpcEndpointAwsService]> = [
      ['EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR],
      ['EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
      ['Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS],
      ['SecretsManager', ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    ];
    for (const [name, service] of interfaces) {
      const endpoint = this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: endpointSubnets,
        privateDnsEnabled: true,
        open: false,
      });
      // The definition's CIDR as a literal (not the VPC's CidrBlock attribute), so the rule is checkable.
      endpoint.connections.allowFrom(ec2.Peer.ipv4(network.cidr), ec2.Port.tcp(443), `HTTPS from ${network.cidr}`);
    }
    for (const subnet of this.vpc.publicSubnets) {
      NagSuppressions.addResourceSuppressions(
        subnet,
        [
          {
            id: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
            reason:
              'Public subnets hold only the internet-facing ALB and the NAT gateways (seed 001), which need the default route to the internet gateway; tasks and data sit in private and isolated subnets.',
          },
        ],
        true,
      );
    }
  }
}
