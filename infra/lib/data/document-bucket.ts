/**
 * The S3 bucket a service owns (claims evidence documents): KMS with the data key, versioned,
 * public access blocked, TLS only, access-logged; a deleted or replaced document's old version is
 * kept for a recovery window and then expires, so a citizen's removed file does not stay for ever.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { grantKeyDecrypt, grantKeyEncryptDecrypt } from '../encryption-key.ts';

/** Object reads. */
export const OBJECT_READ_ACTIONS = ['s3:GetObject'] as const;
/** Object writes: a versioned bucket keeps the older versions a delete marker hides. */
export const OBJECT_WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject'] as const;
/** On the bucket itself: HeadBucket (a health check) is authorised as s3:ListBucket. */
export const BUCKET_READ_ACTIONS = ['s3:ListBucket'] as const;

/** (ours) Days an old version stays recoverable after a delete or overwrite. */
export const NONCURRENT_VERSION_DAYS = 30;
/** (ours) Days before an unfinished multipart upload's parts are removed. */
export const INCOMPLETE_UPLOAD_DAYS = 7;

export interface DocumentBucketProps {
  readonly key: kms.IKey;
  readonly accessLogs: s3.IBucket;
  /** Prefix of this bucket's access logs in the log bucket. */
  readonly accessLogPrefix: string;
}

export class DocumentBucket extends Construct {
  readonly bucket: s3.Bucket;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: DocumentBucketProps) {
    super(scope, id);
    if (!props.accessLogPrefix.endsWith('/')) throw new Error('DocumentBucket: accessLogPrefix must end with "/"');
    this.key = props.key;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(INCOMPLETE_UPLOAD_DAYS),
        },
      ],
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'Citizen evidence stays in the UK region; durability comes from S3 (11 nines), versioning and retention, not a second-region copy.',
      },
    ]);
  }

  /** Records why an object-level grant ends in `/*`: S3 object ARNs have no other form for "objects of this bucket". */
  private explain(grantee: iam.IGrantable): void {
    if (grantee.grantPrincipal instanceof iam.Role) {
      NagSuppressions.addResourceSuppressions(
        grantee.grantPrincipal,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "Object actions on the one documents bucket: <bucket ARN>/* is how IAM names that bucket's objects.",
            appliesTo: [{ regex: '/^Resource::<.*Bucket.*\\.Arn>\\/\\*$/g' }],
          },
        ],
        true,
      );
    }
  }

  /**
   * s3:GetObject on the bucket's objects, s3:ListBucket on the bucket (HeadBucket, which a reader's
   * health check asks, needs it) and kms:Decrypt on its key (seed 000 "S3Read").
   */
  grantRead(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, OBJECT_READ_ACTIONS);
    this.grantBucket(grantee);
    grantKeyDecrypt(this.key, grantee);
  }

  /** s3:PutObject and s3:DeleteObject on the bucket's objects and kms:Decrypt/GenerateDataKey on its key. */
  grantWrite(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, OBJECT_WRITE_ACTIONS);
    grantKeyEncryptDecrypt(this.key, grantee);
  }

  /** The read and the write grants together: object get, put and delete, bucket list, the key's decrypt and data keys. */
  grantReadWrite(grantee: iam.IGrantable): void {
    this.grantObjects(grantee, [...OBJECT_READ_ACTIONS, ...OBJECT_WRITE_ACTIONS]);
    this.grantBucket(grantee);
    grantKeyEncryptDecrypt(this.key, grantee);
  }

  private grantObjects(grantee: iam.IGrantable, actions: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [this.bucket.arnForObjects('*')] }),
    );
    this.explain(grantee);
  }

  private grantBucket(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...BUCKET_READ_ACTIONS], resources: [this.bucket.bucketArn] }),
    );
  }
}
