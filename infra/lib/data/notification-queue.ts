/**
 * A queue a service publishes to (seed 001 "SQS/SNS Messaging"): an SNS topic fanning out to an
 * SQS queue, both encrypted with the data key and TLS-only, with a dead-letter queue after the
 * definition's number of receives.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EncryptionKey, grantKeyDecrypt, grantKeyEncryptDecrypt } from '../encryption-key.ts';

export interface NotificationQueueProps {
  readonly key: kms.IKey;
  /** Receives before a message moves to the dead-letter queue (the definition's `deadLetterAfterReceives`). */
  readonly deadLetterAfterReceives: number;
  /** @default Duration.days(14), the most SQS keeps */
  readonly deadLetterRetention?: Duration;
}

export class NotificationQueue extends Construct {
  readonly topic: sns.Topic;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: NotificationQueueProps) {
    super(scope, id);
    if (!Number.isInteger(props.deadLetterAfterReceives) || props.deadLetterAfterReceives < 1) {
      throw new Error(
        `NotificationQueue: deadLetterAfterReceives must be a positive integer, got ${props.deadLetterAfterReceives}`,
      );
    }
    this.key = props.key;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention ?? Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.deadLetterAfterReceives },
    });
    // The topic has a key of its own: the queue key's policy names the topic (SNS may decrypt only for
    // it), so a topic encrypted with that same key would make key and topic depend on each other.
    const topicKey = new EncryptionKey(this, 'TopicKey', { description: 'Notification topic messages' });
    this.topic = new sns.Topic(this, 'Topic', { masterKey: topicKey.key, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.SqsSubscription(this.queue, { rawMessageDelivery: true }));
  }

  /** sqs:SendMessage, sqs:GetQueueAttributes, sqs:GetQueueUrl on the queue and kms:Decrypt/GenerateDataKey on its key (seed 000 "SQSPublish"). */
  grantSendMessages(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.queue.queueArn],
      }),
    );
    grantKeyEncryptDecrypt(this.key, grantee);
  }

  /** sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility, sqs:GetQueueAttributes, sqs:GetQueueUrl on the queue and kms:Decrypt on its key. */
  grantConsumeMessages(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
        ],
        resources: [this.queue.queueArn],
      }),
    );
    grantKeyDecrypt(this.key, grantee);
  }
}
