/**
 * The port events leave a service through, and its SQS adapter: the same client and code path on
 * AWS and locally, where `SQS_ENDPOINT` points it at the queue stand-in.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ENV, dataStoreEnvName } from '@dwp/platform';
import type { PlatformEvent } from './platform-event.ts';

export interface EventPublisher {
  /** Resolves once the queue has accepted the event. */
  publish(event: PlatformEvent): Promise<void>;
  close(): void;
}

export class QueueNotConfiguredError extends TypeError {
  static readonly code = 'DATA_ERR_QUEUE_NOT_CONFIGURED';
  readonly code = QueueNotConfiguredError.code;
}

/** An SQS client for the environment: the stand-in's endpoint and any credentials locally, the task role on AWS. */
export function sqsClientFor(env: NodeJS.ProcessEnv): SQSClient {
  const endpoint = env[ENV.sqsEndpoint];
  return new SQSClient({
    region: env.AWS_REGION ?? 'eu-west-2',
    ...(endpoint ? { endpoint } : {}),
    ...(endpoint && !env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: 3,
  });
}

export function queueUrlFor(env: NodeJS.ProcessEnv, queue: string): string {
  const variable = dataStoreEnvName({ kind: 'queue', name: queue })!;
  const url = env[variable];
  if (!url) throw new QueueNotConfiguredError(`Queue "${queue}" is not configured: set ${variable}`);
  return url;
}

export class SqsEventPublisher implements EventPublisher {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(env: NodeJS.ProcessEnv, queue: string) {
    this.#queueUrl = queueUrlFor(env, queue);
    this.#client = sqsClientFor(env);
  }

  async publish(event: PlatformEvent): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(event),
        MessageAttributes: {
          eventId: { DataType: 'String', StringValue: event.id },
          eventType: { DataType: 'String', StringValue: event.type },
        },
      }),
    );
  }

  close(): void {
    this.#client.destroy();
  }
}
