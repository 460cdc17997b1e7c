/**
 * identity-api's table: one item per user (`user#<sub>`) with the verified identity, and one per
 * verification journey in flight (`journey#<state>`) that expires by TTL. Every item read is parsed
 * against the shape this version writes: one of another shape is a {@link StoredItemUnreadableError}.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { CONFIDENCE_LEVELS, UNVERIFIED, type IdentityRecord } from '../domain/verified-identity.ts';
import { StoredItemUnreadableError } from '../errors.ts';

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

const identityItem = z
  .object({
    sub: z.string(),
    confidence: z.enum(CONFIDENCE_LEVELS),
    method: z.enum(['one-login', 'saml']).optional(),
    verifiedAt: z.string().optional(),
    claims: z
      .object({
        givenNames: z.array(z.string()),
        familyName: z.string(),
        birthDate: z.string(),
        address: z.object({ uprn: z.string().optional(), lines: z.array(z.string()), postcode: z.string() }).optional(),
      })
      .optional(),
  })
  .transform((r): IdentityRecord => ({
    sub: r.sub,
    confidence: r.confidence,
    method: r.method,
    verifiedAt: r.verifiedAt,
    claims: r.claims && {
      givenNames: r.claims.givenNames,
      familyName: r.claims.familyName,
      birthDate: r.claims.birthDate,
      address: r.claims.address && {
        uprn: r.claims.address.uprn,
        lines: r.claims.address.lines,
        postcode: r.claims.address.postcode,
      },
    },
  }));

const journeyItem = z.object({
  state: z.string(),
  sub: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  startedAt: z.string(),
  expiresAt: z.number(),
  returnTo: z.string().optional(),
}) satisfies z.ZodType<Journey>;

const samlRequestItem = z.object({ value: z.string(), expiresAt: z.number() });

/** The item unmarshalled and parsed with `schema` (its `pk` left out), or a {@link StoredItemUnreadableError}. */
function parseItem<S extends z.ZodType>(schema: S, pk: string, item: Record<string, AttributeValue>): z.output<S> {
  const parsed = schema.safeParse(unmarshall(item));
  if (!parsed.success) throw new StoredItemUnreadableError(pk);
  return parsed.data;
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
    return parseItem(identityItem, `user#${sub}`, out.Item);
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
    const item = parseItem(samlRequestItem, `saml#${id}`, out.Item);
    return item.expiresAt * 1000 > Date.now() ? item.value : null;
  }

  async removeSamlRequest(id: string): Promise<string | null> {
    const out = await this.#client.send(
      new DeleteItemCommand({ TableName: this.#table, Key: marshall({ pk: `saml#${id}` }), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? parseItem(samlRequestItem, `saml#${id}`, out.Attributes).value : null;
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
    const journey = parseItem(journeyItem, `journey#${state}`, out.Attributes);
    return journey.expiresAt * 1000 > now ? journey : undefined;
  }
}
