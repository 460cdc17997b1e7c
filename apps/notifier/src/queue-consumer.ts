/**
 * Reads the notification queue with `sqs-consumer` (long polling, batches, deleting what was
 * handled). A message that fails comes back after a growing delay; after the queue's
 * `deadLetterAfterReceives` receives, SQS moves it to the dead-letter queue.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { carrierOfMessageAttributes, inConsumerSpan } from '@dwp/telemetry';
import { Consumer } from 'sqs-consumer';
import type { DeliveryWorker } from './delivery-worker.ts';
import { retryDelaySeconds } from './domain/retry-backoff.ts';

/** SQS's longest long poll. */
export const WAIT_TIME_SECONDS = 20;
/** Long enough for citizen-api and Notify to answer, with their retries. */
export const VISIBILITY_TIMEOUT_SECONDS = 60;

export interface QueueConsumerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly worker: DeliveryWorker;
  readonly log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  /** @default 20 */
  readonly waitTimeSeconds?: number;
  /** Seconds a failed message waits, by its receive count. @default retryDelaySeconds */
  readonly retryDelay?: (receiveCount: number) => number;
}

export interface QueueConsumer {
  start(): void;
  /** Stops polling at once; the poll in flight is abandoned (its messages come back after their visibility timeout). */
  stop(): void;
}

export function createQueueConsumer(opts: QueueConsumerOptions): QueueConsumer {
  let stopping = false;
  const queueName = opts.queueUrl.split('/').pop() ?? opts.queueUrl;
  const consumer = Consumer.create({
    sqs: opts.sqs,
    queueUrl: opts.queueUrl,
    batchSize: 10,
    waitTimeSeconds: opts.waitTimeSeconds ?? WAIT_TIME_SECONDS,
    visibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
    messageSystemAttributeNames: ['ApproximateReceiveCount'],
    messageAttributeNames: ['All'],
    terminateVisibilityTimeout: (messages) =>
      (opts.retryDelay ?? retryDelaySeconds)(Number(messages[0]?.Attributes?.ApproximateReceiveCount ?? 1)),
    // Each message is handled in a span that continues the trace of the request that caused the
    // event (its context rides in the message's attributes), so that request and its email are one trace.
    handleMessage: (message) =>
      inConsumerSpan(
        `${queueName} process`,
        carrierOfMessageAttributes(message.MessageAttributes),
        {
          'messaging.system': 'aws_sqs',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queueName,
          ...(message.MessageId ? { 'messaging.message.id': message.MessageId } : {}),
        },
        async () => {
          const outcome = await opts.worker.handle(message.Body ?? '');
          opts.log.info({ messageId: message.MessageId, outcome }, 'event handled');
          return message;
        },
      ),
  });
  // sqs-consumer emits a processing error only with the message it failed on.
  consumer.on('processing_error', (err, message) => {
    const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    opts.log.warn(
      { err: { message: err.message, code }, messageId: message.MessageId },
      'event not delivered; it will be retried',
    );
  });
  consumer.on('error', (err) => {
    if (!stopping) opts.log.error({ err: { message: err.message } }, 'queue error');
  });
  return {
    start: () => {
      consumer.start();
    },
    stop: () => {
      stopping = true;
      consumer.stop({ abort: true });
    },
  };
}
