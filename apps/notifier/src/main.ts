/**
 * The notifier worker: consumes the notification queue and sends email and SMS through GOV.UK
 * Notify, once per event id. No routes beyond /health (which reports the queue and the delivery table).
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { queueUrlFor, sqsClientFor } from '@dwp/data-kit';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { z } from 'zod';
import { DeliveryWorker } from './delivery-worker.ts';
import { NOTIFY_PRODUCTION_URL, NotifySender } from './ports/notify-sender.ts';
import { CitizenApiRecipients } from './ports/recipients.ts';
import { createQueueConsumer } from './queue-consumer.ts';
import { Deliveries } from './store/deliveries.ts';

const config = z.object({
  NOTIFY_BASE_URL: z.url().default(NOTIFY_PRODUCTION_URL),
  /** A GOV.UK Notify API key (`<name>-<service id>-<secret>`), from Secrets Manager on AWS. */
  NOTIFY_API_KEY: z.string().min(74, 'must be a GOV.UK Notify API key'),
});

await runService({
  platform: dwp,
  name: 'notifier',
  config,
  setup: async (svc, stores) => {
    const dynamo = stores.dynamodb!;
    const sqs = sqsClientFor(process.env);
    const queueUrl = queueUrlFor(process.env, 'notifications');
    svc.addCheck({
      name: 'sqs',
      check: async () => {
        await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
      },
    });
    const worker = new DeliveryWorker({
      deliveries: new Deliveries(dynamo.client, dynamo.tableName('notification-deliveries')),
      recipients: new CitizenApiRecipients(svc.services),
      sender: new NotifySender(svc.config.NOTIFY_BASE_URL, svc.config.NOTIFY_API_KEY),
      log: svc.log,
    });
    const consumer = createQueueConsumer({ sqs, queueUrl, worker, log: svc.log });
    consumer.start();
    svc.onClose(async () => {
      consumer.stop();
      sqs.destroy();
    });
  },
});
