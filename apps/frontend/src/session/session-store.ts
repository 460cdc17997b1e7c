/**
 * Server-side web sessions in the DynamoDB `sessions` table (seed 001's "DynamoDB Sessions"). The
 * browser holds only a random id in a cookie; the table holds its SHA-256, so a leak of the table
 * cannot be replayed as a cookie. Items expire by DynamoDB TTL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { UserIdentity } from '@dwp/service-kit';
import { systemClock, type Clock } from '@dwp/clock';
import { z } from 'zod';
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
  /** The same key as an `otpauth://` URI, for the QR code. */
  readonly otpauthUri?: string | undefined;
}

export interface Session {
  readonly id: string;
  readonly csrfToken: string;
  readonly user: UserIdentity | undefined;
  readonly tokens: SessionTokens | undefined;
  readonly pendingSignIn?: PendingSignIn | undefined;
  /**
   * What each journey keeps between pages (answers not yet sent), by the journey's
   * name. Small: a DynamoDB item holds 400 KB.
   */
  readonly journeys?: Readonly<Record<string, unknown>> | undefined;
  /** Epoch seconds */
  readonly expiresAt: number;
  /** A form's session before there is anything to store (anonymous-session.ts): never in the table. */
  readonly anonymous?: true;
}

/** What a new session starts out remembering, when an anonymous one is kept. */
export type KeptState = Pick<Session, 'journeys' | 'pendingSignIn'>;

/** A stored item is checked, not trusted: an old or damaged item is treated as no session. */
const storedSession = z.object({
  csrfToken: z.string(),
  user: z.object({ sub: z.string(), username: z.string(), roles: z.array(z.string()) }).optional(),
  tokens: z
    .object({ accessToken: z.string(), refreshToken: z.string().optional(), accessExpiresAt: z.number() })
    .optional(),
  pendingSignIn: z
    .object({
      username: z.string(),
      challenge: z.enum(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP']),
      cognitoSession: z.string(),
      secretCode: z.string().optional(),
      otpauthUri: z.string().optional(),
    })
    .optional(),
  journeys: z.record(z.string(), z.unknown()).optional(),
  expiresAt: z.number(),
});

/** A session not yet stored: a random id and CSRF token, idle until `expiresAt` (epoch seconds). */
export function newSession(expiresAt: number, user?: UserIdentity, tokens?: SessionTokens, kept?: KeptState): Session {
  return { id: randomBytes(32).toString('base64url'), csrfToken: newCsrfToken(), user, tokens, ...kept, expiresAt };
}

const hash = (id: string) => createHash('sha256').update(id).digest('base64url');

/** Where sessions live: the DynamoDB table on AWS and under `npm start`; memory in page tests. */
export interface Sessions {
  create(user?: UserIdentity, tokens?: SessionTokens, kept?: KeptState): Promise<Session>;
  find(id: string): Promise<Session | undefined>;
  save(session: Session): Promise<void>;
  /** Extends an active session's idle timeout. */
  touch(session: Session): Promise<void>;
  delete(id: string): Promise<void>;
}

export class SessionStore implements Sessions {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #clock: Clock;

  constructor(client: DynamoDBClient, table: string, clock: Clock = systemClock) {
    this.#client = client;
    this.#table = table;
    this.#clock = clock;
  }

  async create(user?: UserIdentity, tokens?: SessionTokens, kept?: KeptState): Promise<Session> {
    const session = newSession(this.#expiry(), user, tokens, kept);
    await this.save(session);
    return session;
  }

  async find(id: string): Promise<Session | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const out = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall({ sessionId: hash(id) }), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const parsed = storedSession.safeParse(unmarshall(out.Item));
    if (!parsed.success) return undefined;
    const rest = parsed.data;
    // TTL deletion is lazy, so an expired item can still be read: treat it as gone.
    if (rest.expiresAt * 1000 <= this.#clock.now()) return undefined;
    return {
      id,
      csrfToken: rest.csrfToken,
      user: rest.user,
      tokens: rest.tokens && { ...rest.tokens, refreshToken: rest.tokens.refreshToken },
      pendingSignIn: rest.pendingSignIn,
      journeys: rest.journeys,
      expiresAt: rest.expiresAt,
    };
  }

  async save(session: Session): Promise<void> {
    if (session.anonymous) throw new Error('an anonymous form session is never stored: keep it with reply.keepSession');
    const { id, ...rest } = session;
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: marshall({ sessionId: hash(id), ...rest }, { removeUndefinedValues: true }),
      }),
    );
  }

  /** Extends an active session's idle timeout. */
  touch(session: Session): Promise<void> {
    return this.save({ ...session, expiresAt: this.#expiry() });
  }

  async delete(id: string): Promise<void> {
    await this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: marshall({ sessionId: hash(id) }) }));
  }

  #expiry(): number {
    return Math.floor(this.#clock.now() / 1000) + IDLE_TIMEOUT_S;
  }
}
