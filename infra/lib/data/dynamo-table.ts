/**
 * One DynamoDB table a service owns (seed 001 "DynamoDB Sessions / Global Tables"): on-demand,
 * point-in-time recovery, encrypted with the data key, deletion-protected, with global-table
 * replicas when the definition names replica regions.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { grantKeyDecrypt, grantKeyEncryptDecrypt } from '../encryption-key.ts';

export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export interface DynamoTableProps {
  readonly tableName: string;
  readonly partitionKey: string;
  /** @default - no sort key */
  readonly sortKey?: string;
  /** @default - items never expire */
  readonly ttlAttribute?: string;
  /** Regions for global-table replicas. @default - none */
  readonly replicaRegions?: readonly string[];
  /** Encrypts the table when it has no replicas (a key cannot span regions). */
  readonly key: kms.IKey;
}

export class DynamoTable extends Construct {
  readonly table: dynamodb.TableV2;
  private readonly key: kms.IKey | undefined;

  constructor(scope: Construct, id: string, props: DynamoTableProps) {
    super(scope, id);
    if (props.partitionKey.trim() === '')
      throw new Error(`DynamoTable ${props.tableName}: the partition key needs a name`);
    const replicas = props.replicaRegions ?? [];
    this.key = replicas.length === 0 ? props.key : undefined;
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: props.partitionKey, type: dynamodb.AttributeType.STRING },
      ...(props.sortKey ? { sortKey: { name: props.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
      ...(props.ttlAttribute ? { timeToLiveAttribute: props.ttlAttribute } : {}),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: this.key
        ? dynamodb.TableEncryptionV2.customerManagedKey(this.key)
        : dynamodb.TableEncryptionV2.awsManagedKey(),
      replicas: replicas.map((region) => ({ region })),
    });
  }

  /** GetItem, BatchGetItem, Query, Scan, ConditionCheckItem, DescribeTable on this table, and kms:Decrypt on its key. */
  grantReadData(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...TABLE_READ_ACTIONS], resources: [this.table.tableArn] }),
    );
    if (this.key) grantKeyDecrypt(this.key, grantee);
  }

  /** The read actions plus PutItem, UpdateItem, DeleteItem, BatchWriteItem, and kms:Decrypt/GenerateDataKey on its key. */
  grantReadWriteData(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: [this.table.tableArn],
      }),
    );
    if (this.key) grantKeyEncryptDecrypt(this.key, grantee);
  }
}
