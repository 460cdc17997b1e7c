/**
 * Server-side web sessions in the DynamoDB `sessions` table (seed 001's "DynamoDB Sessions"). The
 * browser holds only a random id in a cookie; the table holds its SHA-256, so a leak of the table
 * cannot be replayed as a cookie. Items expire by DynamoDB TTL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { UserIdentity } from '@dwp/service-kit';
import { newCsrfToken } from './csrf.ts';

/** GOV.UK services sign people out after 30 minutes without activity. */
export const IDLE_TIMEOUT_S = 30 * 60;

export interface SessionTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Epoch ms */
  readonly accessExpiresAt: number;
}

/** A sign-in between the password and the second factor: what the next step sends back to Cognito. */
export interface PendingSignIn {
  readonly username: string;
  readonly challenge: 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';
  /** Cognito's session for the challenge (3 minutes). */
  readonly cognitoSession: string;
  /** While setting up an authenticator app: the key to show again if the code was wrong. */
  readonly secretCode?: string | undefined;
}

export interface Session {
  readonly id: string;
  readonly csrfToken: string;
  readonly user: UserIdentity | undefined;
  readonly tokens: SessionTokens | undefined;
  readonly pendingSignIn?: PendingSignIn | undefined;
  /** Epoch seconds */
  readonly expiresAt: number;
}

const hash = (id: string) => createHash('sha256').update(id).digest('base64url');

export class SessionStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(client: DynamoDBClient, table: string, now: () => number = Date.now) {
    this.#client = client;
    this.#table = table;
    this.#now = now;
  }

  async create(user?: UserIdentity, tokens?: SessionTokens): Promise<Session> {
    const session: Session = { id: randomBytes(32).toString('base64url'), csrfToken: newCsrfToken(), user, tokens, expiresAt: this.#expiry() };
    await this.save(session);
    return session;
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const out = await this.#client.send(new GetItemCommand({ TableName: this.#table, Key: marshall({ sessionId: hash(id) }), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { sessionId: _h, ...rest } = unmarshall(out.Item) as Omit<Session, 'id'> & { sessionId: string };
    // TTL deletion is lazy, so an expired item can still be read: treat it as gone.
    if (rest.expiresAt * 1000 <= this.#now()) return undefined;
    return { ...rest, id };
  }

  async save(session: Session): Promise<void> {
    const { id, ...rest } = session;
    await this.#client.send(new PutItemCommand({ TableName: this.#table, Item: marshall({ sessionId: hash(id), ...rest }, { removeUndefinedValues: true }) }));
  }

  /** Extends an active session's idle timeout. */
  touch(session: Session): Promise<void> {
    return this.save({ ...session, expiresAt: this.#expiry() });
  }

  async delete(id: string): Promise<void> {
    await this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: marshall({ sessionId: hash(id) }) }));
  }

  #expiry(): number {
    return Math.floor(this.#now() / 1000) + IDLE_TIMEOUT_S;
  }
}
