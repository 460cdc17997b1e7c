/**
 * The shared cache (seed 001 "ElastiCache Redis", "Cluster mode for horizontal scaling"):
 * a cluster-mode-enabled replication group across the data subnets with a replica per shard,
 * automatic fail-over, TLS in transit, KMS at rest, an AUTH token from Secrets Manager, daily
 * snapshots. Clients get one secret, `REDIS_URL` = rediss://:<token>@<configuration endpoint>:<port>.
 */
import { SecretValue } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export const REDIS_PORT = 6379;

export interface RedisCacheProps {
  readonly vpc: ec2.IVpc;
  readonly key: kms.IKey;
  /** Names the auth-token and URL secrets: `<secretNamePrefix>-auth-token`, `<secretNamePrefix>-url`. */
  readonly secretNamePrefix: string;
  /** @default 'cache.t4g.small' */
  readonly nodeType?: string;
  /** Shards (node groups). @default 2 */
  readonly shards?: number;
  /** Replicas in each shard, in other zones. @default 1 */
  readonly replicasPerShard?: number;
  /** @default 15, so NIST 800-53 backup checks pass */
  readonly snapshotRetentionDays?: number;
}

export class RedisCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  /** The cache's security group with the Redis port as its default port. */
  readonly connections: ec2.Connections;
  readonly authToken: secretsmanager.Secret;
  /** The whole connection URL, token included, for ECS to inject as REDIS_URL. */
  readonly url: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const shards = props.shards ?? 2;
    const replicas = props.replicasPerShard ?? 1;
    if (shards < 1 || shards > 500) throw new Error(`RedisCache: shards must be 1-500, got ${shards}`);
    if (replicas < 1 || replicas > 5)
      throw new Error(`RedisCache: automatic fail-over needs 1-5 replicas per shard, got ${replicas}`);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'ElastiCache Redis: ingress only from the services that use it',
      allowAllOutbound: false,
    });
    this.connections = new ec2.Connections({
      securityGroups: [this.securityGroup],
      defaultPort: ec2.Port.tcp(REDIS_PORT),
    });
    const subnets = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Isolated data subnets',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      secretName: `${props.secretNamePrefix}-auth-token`,
      description: 'Redis AUTH token',
      encryptionKey: props.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'Shared cache, cluster mode enabled',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: props.nodeType ?? 'cache.t4g.small',
      cacheParameterGroupName: 'default.redis7.cluster.on',
      numNodeGroups: shards,
      replicasPerNodeGroup: replicas,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      kmsKeyId: props.key.keyArn,
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: REDIS_PORT,
      snapshotRetentionLimit: props.snapshotRetentionDays ?? 15,
      autoMinorVersionUpgrade: true,
    });
    NagSuppressions.addResourceSuppressions(this.replicationGroup, [
      {
        id: 'AwsSolutions-AEC5',
        reason:
          'Clients take the port from REDIS_URL; the cache sits in isolated subnets behind a security group open only to its services, so port obfuscation adds nothing.',
      },
    ]);
    this.url = new secretsmanager.Secret(this, 'Url', {
      secretName: `${props.secretNamePrefix}-url`,
      description: 'REDIS_URL for clients: the configuration endpoint with the AUTH token',
      encryptionKey: props.key,
      secretStringValue: SecretValue.unsafePlainText(
        `rediss://:${this.authToken.secretValue.unsafeUnwrap()}@${this.replicationGroup.attrConfigurationEndPointAddress}:${this.replicationGroup.attrConfigurationEndPointPort}`,
      ),
    });
    for (const secret of [this.authToken, this.url]) {
      NagSuppressions.addResourceSuppressions(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            'A Redis AUTH token has no Secrets Manager rotation function; rotating it is a ModifyReplicationGroup (AuthTokenUpdateStrategy ROTATE) runbook step that rewrites both secrets.',
        },
        {
          id: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
          reason: 'As AwsSolutions-SMG4: the Redis AUTH token is rotated by runbook, not by a rotation function.',
        },
      ]);
    }
  }
}
