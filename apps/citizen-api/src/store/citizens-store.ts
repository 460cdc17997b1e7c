/**
 * Citizens in DynamoDB, one table (`citizenId` partition key) holding three kinds of item:
 * the citizen record (a UUIDv7 id, with a `version` for optimistic concurrency), a pointer from the
 * user's `sub` to it (`user#<sub>`), and remembered answers to idempotent requests (`idem#...`, with
 * a TTL). DynamoDB has no multi-item transactions in the local stand-in, so registration claims the
 * pointer first and a retry after a crash finishes what the first attempt began. Every item read is
 * parsed against the shape this version writes: one of another shape is a
 * {@link StoredItemUnreadableError}, never a wrong answer.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { consentSchema, preferencesSchema, type Citizen } from '../domain/citizen-profile.ts';
import { StoredItemUnreadableError } from '../errors.ts';

const USER = 'user#';
const IDEM = 'idem#';
/** How long an idempotent answer is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export type StoreResult = { kind: 'ok' } | { kind: 'stale'; current: number };

export interface StoredAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

const storedAddress = z.union([
  z.object({
    uprn: z.string(),
    lines: z.array(z.string()),
    postTown: z.string(),
    postcode: z.string(),
    validatedAt: z.string(),
  }),
  z.object({
    uprn: z.undefined().optional(),
    lines: z.array(z.string()),
    postTown: z.string(),
    postcode: z.string(),
    enteredAt: z.string(),
  }),
]);

/** A citizen record as {@link toItem} writes it. */
const citizenItem = z
  .object({
    kind: z.literal('citizen'),
    citizenId: z.string(),
    sub: z.string(),
    name: z.object({ given: z.string(), family: z.string() }),
    dateOfBirth: z.string(),
    nino: z.string(),
    contact: z.object({ email: z.string().optional(), mobile: z.string().optional() }),
    address: storedAddress.nullable(),
    preferences: preferencesSchema,
    consents: z.object({ hmrcIncome: consentSchema.optional() }),
    version: z.number().int().positive(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .transform(({ kind: _kind, ...citizen }): Citizen => citizen);

const userIndexItem = z.object({ kind: z.literal('user-index'), target: z.string() });

const answerItem = z.object({
  kind: z.literal('idempotency'),
  fingerprint: z.string(),
  status: z.number().int(),
  body: z.string(),
});

/** The item parsed with `schema`, or a {@link StoredItemUnreadableError} naming its key. */
function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new StoredItemUnreadableError(String(item.citizenId));
  return parsed.data;
}

export class CitizensStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.#doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = table;
  }

  async get(citizenId: string): Promise<Citizen | undefined> {
    if (citizenId.includes('#')) return undefined;
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { citizenId }, ConsistentRead: true }),
    );
    return out.Item?.kind === 'citizen' ? parseItem(citizenItem, out.Item) : undefined;
  }

  /** The citizen id a user's pointer names, whether or not the record exists yet. */
  async idOfUser(sub: string): Promise<string | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { citizenId: USER + sub }, ConsistentRead: true }),
    );
    return out.Item ? parseItem(userIndexItem, out.Item).target : undefined;
  }

  async getByUser(sub: string): Promise<Citizen | undefined> {
    const id = await this.idOfUser(sub);
    return id ? this.get(id) : undefined;
  }

  /** Claims the user's pointer for `citizenId`; answers the id already claimed when another won. */
  async claimUser(sub: string, citizenId: string): Promise<string> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { citizenId: USER + sub, kind: 'user-index', target: citizenId },
          ConditionExpression: 'attribute_not_exists(citizenId)',
        }),
      );
      return citizenId;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return (await this.idOfUser(sub))!;
      throw err;
    }
  }

  /** Writes a new record; false when one with that id exists. */
  async create(c: Citizen): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: toItem(c),
          ConditionExpression: 'attribute_not_exists(citizenId)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /** Replaces the record if it is still at `expectedVersion`. */
  async replace(c: Citizen, expectedVersion: number): Promise<StoreResult> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: toItem(c),
          ConditionExpression: 'attribute_exists(citizenId) AND version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return { kind: 'ok' };
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException)
        return { kind: 'stale', current: (await this.get(c.citizenId))?.version ?? 0 };
      throw err;
    }
  }

  /** One page of citizen records in table order. */
  async list(limit: number, startAfter: string | undefined): Promise<{ items: Citizen[]; last?: string }> {
    const items: Citizen[] = [];
    let start: Record<string, unknown> | undefined = startAfter ? { citizenId: startAfter } : undefined;
    // A scan page holds other kinds of item too: keep reading until the page is full or the table ends.
    do {
      const out = await this.#doc.send(
        new ScanCommand({
          TableName: this.#table,
          Limit: limit - items.length,
          FilterExpression: 'kind = :citizen',
          ExpressionAttributeValues: { ':citizen': 'citizen' },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map((item) => parseItem(citizenItem, item)));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, ...(start && items.length ? { last: items.at(-1)!.citizenId } : {}) };
  }

  async answerFor(scope: string, key: string): Promise<StoredAnswer | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { citizenId: `${IDEM}${scope}#${key}` }, ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const answer = parseItem(answerItem, out.Item);
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new StoredItemUnreadableError(String(out.Item.citizenId));
    }
    return { fingerprint: answer.fingerprint, status: answer.status, body };
  }

  async rememberAnswer(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.#doc.send(
      new PutCommand({
        TableName: this.#table,
        Item: {
          citizenId: `${IDEM}${scope}#${key}`,
          kind: 'idempotency',
          fingerprint: answer.fingerprint,
          status: answer.status,
          body: JSON.stringify(answer.body),
          expiresAt: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_SECONDS,
        },
      }),
    );
  }
}

function toItem(c: Citizen): Record<string, unknown> {
  return { ...c, kind: 'citizen' };
}
