/**
 * The notifier against real parts: the SQS-API stand-in (with a dead-letter queue), dynalite for
 * the delivery table and the Notify sandbox through the official client; recipients at the port.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { newEvent, SqsEventPublisher } from '@dwp/data-kit';
import { createNotifySandbox, type NotifySandbox } from '@dwp/sandboxes';
import { SqsServer } from '@dwp/sqs-server';
import { DeliveryWorker } from './delivery-worker.ts';
import type { Recipient } from './domain/messages-for-event.ts';
import { NotifySender } from './ports/notify-sender.ts';
import { createQueueConsumer, type QueueConsumer } from './queue-consumer.ts';
import { Deliveries } from './store/deliveries.ts';
import { waitFor } from '@dwp/data-kit/testing/wait-for';

const dynalite = createRequire(import.meta.url)('dynalite') as (opts: object) => Server;
const NOTIFY_KEY = 'dwp_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const local = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const people = new Map<string, Recipient>([
  [
    'u-amanda',
    { givenName: 'Amanda', email: 'amanda@example.com', mobile: '07700900001', channels: { email: true, sms: true } },
  ],
  ['u-ben', { givenName: 'Ben', email: 'ben@example.com', channels: { email: true, sms: false } }],
]);

describe('the notifier with the queue, the delivery table and Notify', () => {
  let queue: SqsServer;
  let ddbServer: Server;
  let notify: NotifySandbox;
  let consumer: QueueConsumer;
  let sqs: SQSClient;
  let publisher: SqsEventPublisher;
  let deliveries: Deliveries;
  const closers: Array<() => Promise<unknown>> = [];
  /** Undone in the reverse order of doing, and only what was done (before() may have failed part way). */
  const undo = (fn: () => unknown) => {
    closers.unshift(async () => {
      await fn();
    });
  };

  before(async () => {
    queue = new SqsServer({
      queues: [
        { name: 'notifications', redrive: { deadLetterQueue: 'notifications-dlq', maxReceiveCount: 3 } },
        { name: 'notifications-dlq' },
      ],
    });
    await queue.listen(0);
    undo(() => queue.close());
    ddbServer = dynalite({ createTableMs: 0 });
    undo(
      () =>
        new Promise<void>((r) => {
          ddbServer.close(() => {
            r();
          });
        }),
    );
    await new Promise<void>((r) => {
      ddbServer.listen(0, '127.0.0.1', () => {
        r();
      });
    });
    const ddb = new DynamoDBClient({
      ...local,
      endpoint: `http://127.0.0.1:${(ddbServer.address() as AddressInfo).port}`,
    });
    await ddb.send(
      new CreateTableCommand({
        TableName: 'deliveries',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'eventId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
      }),
    );
    deliveries = new Deliveries(ddb, 'deliveries');
    notify = createNotifySandbox({ apiKey: NOTIFY_KEY, logLevel: 'silent' });
    undo(() => notify.app.close());
    await notify.app.listen({ port: 0, host: '127.0.0.1' });
    const notifyUrl = `http://127.0.0.1:${(notify.app.server.address() as AddressInfo).port}`;
    const env = { SQS_ENDPOINT: queue.endpoint, SQS_QUEUE_URL_NOTIFICATIONS: queue.queueUrl('notifications') };
    sqs = new SQSClient({ ...local, endpoint: queue.endpoint });
    undo(() => {
      sqs.destroy();
    });
    publisher = new SqsEventPublisher(env, 'notifications');
    undo(() => {
      publisher.close();
    });
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const worker = new DeliveryWorker({
      deliveries,
      recipients: { forUser: async (sub) => people.get(sub) },
      sender: new NotifySender(notifyUrl, NOTIFY_KEY),
      log: silent,
    });
    consumer = createQueueConsumer({
      sqs,
      queueUrl: queue.queueUrl('notifications'),
      worker,
      log: silent,
      waitTimeSeconds: 1,
      retryDelay: () => 1,
    });
    consumer.start();
    undo(() => {
      consumer.stop();
    });
  });

  after(async () => {
    for (const close of closers) await close();
  });

  const sentFor = (eventId: string) => notify.sent.filter((n) => n.reference?.startsWith(`${eventId}:`));

  it('sends an award by email and text, each once', async () => {
    const event = newEvent('claims-api', 'claim.awarded', 'u-amanda', {
      claimId: 'c-1',
      benefit: 'universal-credit',
      decision: { outcome: 'awarded', monthlyAmountPence: 40014 },
    });
    await publisher.publish(event);
    await waitFor('the award to be delivered', async () => (await deliveries.get(event.id))?.status === 'done');
    assert.deepEqual(
      sentFor(event.id)
        .map((n) => n.type)
        .sort(),
      ['email', 'sms'],
    );
    assert.match(sentFor(event.id).find((n) => n.type === 'email')!.body, /You will get 400.14 GBP a month/);
  });

  it('sends an event that arrives twice only once', async () => {
    const event = newEvent('claims-api', 'claim.submitted', 'u-ben', { claimId: 'c-2', benefit: 'new-style-jsa' });
    await publisher.publish(event);
    await publisher.publish(event);
    await waitFor(
      'both copies to be handled',
      async () => (await deliveries.get(event.id))?.status === 'done' && queue.depth('notifications') === 0,
    );
    assert.equal(sentFor(event.id).length, 1);
  });

  it('retries while Notify is down and delivers once it is back', async () => {
    const before = notify.traffic.summary(60_000).total;
    notify.faults.set({ errorRate: 1, errorStatus: 503 });
    const event = newEvent('claims-api', 'claim.evidence_requested', 'u-ben', {
      claimId: 'c-3',
      benefit: 'universal-credit',
      reason: 'Send payslips',
    });
    await publisher.publish(event);
    await waitFor('a failed attempt', () => notify.traffic.summary(60_000).total > before);
    notify.faults.reset();
    await waitFor('the retried delivery', async () => (await deliveries.get(event.id))?.status === 'done');
    assert.equal(sentFor(event.id).length, 1);
  });

  it('moves a message that can never be handled to the dead-letter queue', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl('notifications'), MessageBody: 'not an event' }));
    await waitFor('the poison message in the DLQ', () => queue.depth('notifications-dlq') === 1, 20_000);
    assert.equal(queue.depth('notifications'), 0);
  });
});
