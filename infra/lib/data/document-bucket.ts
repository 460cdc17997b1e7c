/**
 * The S3 bucket a service owns (claims evidence documents): KMS with the data key, versioned,
 * public access blocked, TLS only, access-logged.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { grantKeyDecrypt, grantKeyEncryptDecrypt } from '../encryption-key.ts';

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
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason: 'Citizen evidence stays in the UK region; durability comes from S3 (11 nines), versioning and retention, not a second-region copy.',
      },
    ]);
  }

  /** Records why an object-level grant ends in `/*`: S3 object ARNs have no other form for "objects of this bucket". */
  private explain(grantee: iam.IGrantable): void {
    if (grantee.grantPrincipal instanceof iam.Role) {
      NagSuppressions.addResourceSuppressions(grantee.grantPrincipal, [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'Object actions on the one documents bucket: <bucket ARN>/* is how IAM names that bucket\'s objects.',
          appliesTo: [{ regex: '/^Resource::<.*Bucket.*\\.Arn>\\/\\*$/g' }],
        },
      ], true);
    }
  }

  /** s3:GetObject on the bucket's objects and kms:Decrypt on its key (seed 000 "S3Read"). */
  grantRead(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    grantKeyDecrypt(this.key, grantee);
    this.explain(grantee);
  }

  /** s3:PutObject on the bucket's objects and kms:Decrypt/GenerateDataKey on its key. */
  grantWrite(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    grantKeyEncryptDecrypt(this.key, grantee);
    this.explain(grantee);
  }

  /** s3:GetObject and s3:PutObject on the bucket's objects and kms:Decrypt/GenerateDataKey on its key. */
  grantReadWrite(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('*')] }),
    );
    grantKeyEncryptDecrypt(this.key, grantee);
    this.explain(grantee);
  }
}
