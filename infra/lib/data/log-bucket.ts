/**
 * A bucket that receives AWS service logs (S3 server access logs, load balancer and CloudFront
 * access logs). Those services only deliver to SSE-S3 buckets, so it cannot use the KMS key.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface LogBucketProps {
  /** CloudFront standard logging needs ACLs; nothing else does. @default false */
  readonly allowAclDelivery?: boolean;
  /** @default Duration.days(365) */
  readonly expireAfter?: Duration;
}

export class LogBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogBucketProps = {}) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: props.allowAclDelivery
        ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED
        : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { expiration: props.expireAfter ?? Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'This is the access-log destination; logging it to itself would recurse and to another bucket only moves the problem.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketLoggingEnabled',
        reason: 'As AwsSolutions-S1: this bucket is the access-log destination.',
      },
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason:
          'S3 server access logs, ELB access logs and CloudFront standard logs can only be delivered to SSE-S3 buckets, not SSE-KMS.',
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Access logs are kept in the region for a year and versioned; cross-region copies of citizen request logs would leave the UK.',
      },
    ]);
  }
}
