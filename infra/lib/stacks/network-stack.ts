/** The network of one environment: the VPC, its endpoints and flow logs. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { EncryptionKey } from '../encryption-key.ts';
import { PlatformNetwork } from '../network/platform-network.ts';

export interface NetworkStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly availabilityZones: readonly string[];
}

export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  private readonly zones: readonly string[];

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    this.zones = props.availabilityZones;
    const key = new EncryptionKey(this, 'NetworkKey', {
      description: `${props.platform.name} ${props.environment.name}: VPC flow logs`,
    });
    key.allowCloudWatchLogs();
    this.vpc = new PlatformNetwork(this, 'Network', {
      platform: props.platform,
      environment: props.environment,
      availabilityZones: props.availabilityZones,
      key: key.key,
    }).vpc;
  }

  /** The named zones, so the VPC never asks the account which zones exist (synth stays offline). */
  override get availabilityZones(): string[] {
    return [...this.zones];
  }
}
