/**
 * identity-api's table: one item per user (`user#<sub>`) with the verified identity, and one per
 * verification journey in flight (`journey#<state>`) that expires by TTL.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { UNVERIFIED, type IdentityRecord } from '../domain/verified-identity.ts';

export interface Journey {
  readonly state: string;
  readonly sub: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** UTC ISO-8601 */
  readonly startedAt: string;
  /** Epoch seconds; DynamoDB's TTL removes the item after it. */
  readonly expiresAt: number;
  /** A page of the site to send the browser back to. */
  readonly returnTo?: string;
}

export class IdentityStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async identity(sub: string): Promise<IdentityRecord> {
    const out = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall({ pk: `user#${sub}` }), ConsistentRead: true }),
    );
    if (!out.Item) return UNVERIFIED(sub);
    const { pk: _pk, ...record } = unmarshall(out.Item) as IdentityRecord & { pk: string };
    return record;
  }

  async saveIdentity(record: IdentityRecord): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: marshall({ pk: `user#${record.sub}`, ...record }, { removeUndefinedValues: true }),
      }),
    );
  }

  async startJourney(journey: Journey): Promise<void> {
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: marshall({ pk: `journey#${journey.state}`, ...journey }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Remembers a SAML AuthnRequest id until its response arrives (node-saml's InResponseTo check). */
  async saveSamlRequest(id: string, value: string, expiresAt: number): Promise<{ value: string; createdAt: number }> {
    const createdAt = Date.now();
    await this.#client.send(
      new PutItemCommand({ TableName: this.#table, Item: marshall({ pk: `saml#${id}`, value, createdAt, expiresAt }) }),
    );
    return { value, createdAt };
  }

  async samlRequest(id: string): Promise<string | null> {
    const out = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall({ pk: `saml#${id}` }), ConsistentRead: true }),
    );
    if (!out.Item) return null;
    const item = unmarshall(out.Item) as { value: string; expiresAt: number };
    return item.expiresAt * 1000 > Date.now() ? item.value : null;
  }

  async removeSamlRequest(id: string): Promise<string | null> {
    const out = await this.#client.send(
      new DeleteItemCommand({ TableName: this.#table, Key: marshall({ pk: `saml#${id}` }), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? (unmarshall(out.Attributes) as { value: string }).value : null;
  }

  /** Takes a journey out of the table: a state can be redeemed once. */
  async takeJourney(state: string, now: number): Promise<Journey | undefined> {
    const out = await this.#client.send(
      new DeleteItemCommand({
        TableName: this.#table,
        Key: marshall({ pk: `journey#${state}` }),
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!out.Attributes) return undefined;
    const { pk: _pk, ...journey } = unmarshall(out.Attributes) as Journey & { pk: string };
    return journey.expiresAt * 1000 > now ? journey : undefined;
  }
}
