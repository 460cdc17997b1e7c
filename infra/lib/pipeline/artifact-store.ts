/**
 * Where the release pipeline keeps what passes between its actions and what its builds log: a
 * KMS-encrypted, versioned artifact bucket that logs its own access, and one encrypted log group
 * for every CodeBuild project, with the definition's retention.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { LogBucket } from '../data/log-bucket.ts';
import { EncryptionKey } from '../encryption-key.ts';

export interface ArtifactStoreProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  readonly logRetention: logs.RetentionDays;
  /** @default Duration.days(30) - a release's artifacts are rebuilt from its commit */
  readonly expireArtifactsAfter?: Duration;
}

export class ArtifactStore extends Construct {
  readonly key: kms.Key;
  readonly bucket: s3.Bucket;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps) {
    super(scope, id);
    const key = new EncryptionKey(this, 'Key', { description: props.description });
    key.allowCloudWatchLogs();
    this.key = key.key;
    const accessLogs = new LogBucket(this, 'AccessLogs');
    this.bucket = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs.bucket,
      serverAccessLogsPrefix: 'artifacts/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          expiration: props.expireArtifactsAfter ?? Duration.days(30),
          noncurrentVersionExpiration: Duration.days(7),
        },
      ],
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Pipeline artifacts are intermediate files of one release, rebuilt from the commit in the source repository; a second copy in another region would protect nothing that is not already in Git and ECR.',
      },
    ]);
    this.logGroup = new logs.LogGroup(this, 'BuildLogs', {
      retention: props.logRetention,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
