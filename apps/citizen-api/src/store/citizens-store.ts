/**
 * Citizens in DynamoDB, one table (`citizenId` partition key) holding three kinds of item:
 * the citizen record (a UUIDv7 id, with a `version` for optimistic concurrency), a pointer from the
 * user's `sub` to it (`user#<sub>`), and remembered answers to idempotent requests (`idem#...`, with
 * a TTL). DynamoDB has no multi-item transactions in the local stand-in, so registration claims the
 * pointer first and a retry after a crash finishes what the first attempt began.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Citizen } from '../domain/citizen-profile.ts';

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
    return out.Item?.kind === 'citizen' ? fromItem(out.Item) : undefined;
  }

  /** The citizen id a user's pointer names, whether or not the record exists yet. */
  async idOfUser(sub: string): Promise<string | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { citizenId: USER + sub }, ConsistentRead: true }),
    );
    return out.Item?.target as string | undefined;
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
      items.push(...(out.Items ?? []).map(fromItem));
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    return { items, ...(start && items.length ? { last: items.at(-1)!.citizenId } : {}) };
  }

  async answerFor(scope: string, key: string): Promise<StoredAnswer | undefined> {
    const out = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { citizenId: `${IDEM}${scope}#${key}` }, ConsistentRead: true }),
    );
    return out.Item
      ? {
          fingerprint: out.Item.fingerprint as string,
          status: out.Item.status as number,
          body: JSON.parse(out.Item.body as string),
        }
      : undefined;
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

function fromItem(item: Record<string, unknown>): Citizen {
  const { kind: _kind, ...rest } = item;
  return rest as unknown as Citizen;
}
