/**
 * One PostgreSQL database a service owns (seed 001's RDS primary and standby): Multi-AZ RDS in the
 * isolated data subnets, encrypted with the data key, credentials generated into Secrets Manager
 * and rotated, IAM authentication on (the seed's "RDSConnect"), TLS forced, and an optional read
 * replica for read-heavy work.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

const LOG_EXPORTS = ['postgresql', 'upgrade'] as const;

/** PostgreSQL's port, stated so security-group rules are literal and checkable. */
export const POSTGRES_PORT = 5432;
/** The master user the service connects as; the same name is the IAM database user. */
export const DATABASE_USER = 'dwp_service';

export interface PostgresDatabaseProps {
  readonly vpc: ec2.IVpc;
  /** The definition's database name; also the PostgreSQL database created on the instance. */
  readonly databaseName: string;
  /** The RDS instance identifier (also names its log groups). */
  readonly instanceIdentifier: string;
  /** Secrets Manager name of the generated credentials. */
  readonly secretName: string;
  readonly key: kms.IKey;
  /** A standby in a second zone (seed 001 "RDS Primary / RDS Standby"). */
  readonly multiAz: boolean;
  readonly logRetention: logs.RetentionDays;
  /** @default ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM) */
  readonly instanceType?: ec2.InstanceType;
  /** Add a read replica for read-heavy workloads (seed 001 "Database Scaling"). @default false */
  readonly readReplica?: boolean;
  /** @default Duration.days(30) */
  readonly rotateEvery?: Duration;
  /** @default Duration.days(35), the most RDS keeps */
  readonly backupRetention?: Duration;
}

export class PostgresDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly replica: rds.DatabaseInstanceReadReplica | undefined;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9_-]*$/.test(props.databaseName)) {
      throw new Error(
        `PostgresDatabase: "${props.databaseName}" is not a usable database name; use lower-case letters, digits and dashes`,
      );
    }
    const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: `TLS-only connections to ${props.databaseName}`,
      parameters: { 'rds.force_ssl': '1' },
    });
    const common = {
      instanceType,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      storageEncryptionKey: props.key,
      parameterGroup,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: props.key,
      monitoringInterval: Duration.minutes(1),
      cloudwatchLogsExports: [...LOG_EXPORTS],
      port: POSTGRES_PORT,
      iamAuthentication: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    };

    // Log groups made here (retention, KMS) before RDS would make them itself without either.
    const logGroups = LOG_EXPORTS.map(
      (kind) =>
        new logs.LogGroup(this, `${kind}Logs`, {
          logGroupName: `/aws/rds/instance/${props.instanceIdentifier}/${kind}`,
          retention: props.logRetention,
          encryptionKey: props.key,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      ...common,
      instanceIdentifier: props.instanceIdentifier,
      engine,
      multiAz: props.multiAz,
      databaseName: props.databaseName.replace(/-/g, '_'),
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, {
        secretName: props.secretName,
        encryptionKey: props.key,
      }),
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      storageType: rds.StorageType.GP3,
      backupRetention: props.backupRetention ?? Duration.days(35),
      copyTagsToSnapshot: true,
    });
    for (const g of logGroups) this.instance.node.addDependency(g);
    this.secret = this.instance.secret!;
    NagSuppressions.addResourceSuppressions(this.instance, [
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'Clients read the port from PGPORT; a non-default port adds no protection to an instance in isolated subnets reachable only from its owner service security group.',
      },
    ]);
    this.instance.addRotationSingleUser({
      automaticallyAfter: props.rotateEvery ?? Duration.days(30),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });

    this.replica = props.readReplica
      ? new rds.DatabaseInstanceReadReplica(this, 'ReadReplica', {
          ...common,
          sourceDatabaseInstance: this.instance,
          securityGroups: this.instance.connections.securityGroups,
        })
      : undefined;
    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'Enhanced monitoring needs the AWS-managed AmazonRDSEnhancedMonitoringRole policy on the RDS monitoring role; AWS maintains its exact permissions.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
        },
        {
          id: 'CdkNagValidationFailure',
          reason:
            'The rotation function security group rule uses the instance endpoint port attribute (an intrinsic), which cdk-nag cannot resolve; the port is POSTGRES_PORT.',
        },
      ],
      true,
    );
  }

  get connections(): ec2.Connections {
    return this.instance.connections;
  }

  /** rds-db:connect as {@link DATABASE_USER} on this one instance (seed 000 "RDSConnect"). */
  grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.instance.grantConnect(grantee, DATABASE_USER);
  }
}
