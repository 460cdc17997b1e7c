/**
 * A customer-managed KMS key with yearly rotation, one per stack, and the grants its users need.
 * Every grant names its exact actions on this one key ARN.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface EncryptionKeyProps {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** @default RemovalPolicy.RETAIN - data encrypted with a deleted key is lost */
  readonly removalPolicy?: RemovalPolicy;
}

export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    if (props.description.trim() === '') throw new Error('EncryptionKey needs a description saying what it protects');
    this.key = new kms.Key(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets CloudWatch Logs in this account and region encrypt log groups with the key:
   * kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*.
   */
  allowCloudWatchLogs(): void {
    const { region, account, partition } = Stack.of(this);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:*` },
        },
      }),
    );
  }

  /** Lets an AWS service (SNS, CloudWatch alarms, ...) use the key for messages it sends: kms:Decrypt, kms:GenerateDataKey*. */
  allowService(servicePrincipal: string): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(servicePrincipal)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}

/** Adds kms:Decrypt on one key to a principal (for reading what the key protects). */
export function grantKeyDecrypt(key: kms.IKey, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [key.keyArn] }),
  );
}

/** Adds kms:Decrypt and kms:GenerateDataKey on one key to a principal (for reading and writing). */
export function grantKeyEncryptDecrypt(key: kms.IKey, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
  );
}
