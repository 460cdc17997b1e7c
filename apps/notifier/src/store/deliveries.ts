/**
 * What has been delivered, by event id, in DynamoDB: so an event that arrives twice (a redelivery,
 * or a relay that published twice) is sent once. A worker takes a short lease on an event before
 * sending, records each channel as it goes, and marks the event done at the end.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '@dwp/clock';
import { z } from 'zod';
import type { Channel } from '../domain/messages-for-event.ts';

/** How long one worker may hold an event before another may take it over. */
export const LEASE_SECONDS = 60;
/** Delivery records are kept this long (the table's TTL), well beyond any redelivery. */
export const KEEP_DAYS = 30;

export const DELIVERY_STATUSES = ['sending', 'done'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface Delivery {
  readonly eventId: string;
  readonly status: DeliveryStatus;
  /** Notify's id for each channel already sent. */
  readonly sent: Partial<Record<Channel, string>>;
  readonly outcome?: string;
}

/** A delivery record not of the shape this version writes: the event waits (and, in the end, goes to the DLQ). */
export class StoredDeliveryUnreadableError extends Error {
  static readonly code = 'NOTIFIER_ERR_STORED_DELIVERY_UNREADABLE';
  readonly code = StoredDeliveryUnreadableError.code;
}

const deliveryItem = z.object({
  status: z.enum(DELIVERY_STATUSES),
  sent: z.partialRecord(z.enum(['email', 'sms']), z.string()).optional(),
  outcome: z.string().optional(),
});

export type LeaseResult =
  { kind: 'leased'; delivery: Delivery } | { kind: 'done'; delivery: Delivery } | { kind: 'busy' };

export class Deliveries {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor(client: DynamoDBClient, table: string, clock: Clock = systemClock) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = table;
    this.#clock = clock;
  }

  async get(eventId: string): Promise<Delivery | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { eventId }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const item = deliveryItem.safeParse(out.Item);
    if (!item.success)
      throw new StoredDeliveryUnreadableError(
        `the delivery record of event ${eventId} is not of a shape this worker reads`,
      );
    return {
      eventId,
      status: item.data.status,
      sent: item.data.sent ?? {},
      ...(item.data.outcome ? { outcome: item.data.outcome } : {}),
    };
  }

  /** Takes the event for this worker, unless it is done or another worker's lease is still running. */
  async lease(eventId: string, eventType: string): Promise<LeaseResult> {
    const now = Math.floor(this.#clock.now() / 1000);
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { eventId },
          UpdateExpression:
            'SET #status = :sending, leaseUntil = :until, eventType = :type, expiresAt = :expires, sent = if_not_exists(sent, :empty), attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(eventId) OR (#status = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':until': now + LEASE_SECONDS,
            ':now': now,
            ':type': eventType,
            ':expires': now + KEEP_DAYS * 86_400,
            ':empty': {},
            ':zero': 0,
            ':one': 1,
          },
        }),
      );
      return { kind: 'leased', delivery: (await this.get(eventId))! };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const existing = await this.get(eventId);
      return existing?.status === 'done' ? { kind: 'done', delivery: existing } : { kind: 'busy' };
    }
  }

  async recordSent(eventId: string, channel: Channel, notificationId: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { eventId },
        UpdateExpression: 'SET sent.#c = :id',
        ExpressionAttributeNames: { '#c': channel },
        ExpressionAttributeValues: { ':id': notificationId },
      }),
    );
  }

  async finish(eventId: string, outcome: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { eventId },
        UpdateExpression: 'SET #status = :done, outcome = :outcome REMOVE leaseUntil',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':outcome': outcome },
      }),
    );
  }

  /** Lets another attempt take the event at once (after a failure this worker will not retry itself). */
  async release(eventId: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { eventId },
        UpdateExpression: 'SET leaseUntil = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  }

  /** For seeding tests: writes a finished record. */
  async putDone(eventId: string): Promise<void> {
    await this.#doc.send(
      new PutCommand({ TableName: this.#table, Item: { eventId, status: 'done', sent: {}, outcome: 'seeded' } }),
    );
  }
}
