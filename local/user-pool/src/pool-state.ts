/**
 * What the pool remembers: users (with their software token secrets, kept here as the password
 * hashes are), sessions (one per sign-in, named by `origin_jti`) and signing keys, in one JSON file
 * written atomically after every change. Challenge sessions are not kept: see auth-sessions.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import { z } from 'zod';
import type { LockoutState } from './lockout.ts';
import type { StoredKey } from './signing-keys.ts';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';

export interface StoredUser {
  readonly username: string;
  readonly sub: string;
  passwordHash: string;
  status: UserStatus;
  readonly attributes: Record<string, string>;
  groups: string[];
  readonly createdAt: string;
  confirmation: { code: string; expiresAt: number } | undefined;
  lockout: LockoutState;
  /** Absent for a user who never associated an authenticator app (and in state files from before MFA). */
  softwareToken?: SoftwareTokenState;
}

/** A user's TOTP authenticator (Cognito's software token MFA). */
export interface SoftwareTokenState {
  /** The verified shared secret, base32; undefined until VerifySoftwareToken succeeds. */
  secret: string | undefined;
  /** A secret AssociateSoftwareToken handed out and no code has verified yet; it replaces `secret` once verified. */
  pendingSecret: string | undefined;
  /** SoftwareTokenMfaSettings.Enabled: whether sign-in asks for a code (always, when the pool's MFA is ON). */
  enabled: boolean;
  /** SoftwareTokenMfaSettings.PreferredMfa. */
  preferred: boolean;
  /** The last time step whose code was accepted; no code of that step or an earlier one counts again. */
  lastUsedStep: number;
  friendlyDeviceName: string | undefined;
}

export interface StoredSession {
  readonly originJti: string;
  readonly sub: string;
  /** SHA-256 of the refresh token, never the token itself. */
  readonly refreshTokenHash: string;
  readonly authTime: number;
  readonly createdAt: string;
  revoked: boolean;
}

export interface PoolState {
  users: Record<string, StoredUser>;
  sessions: Record<string, StoredSession>;
  keys: StoredKey[];
}

const jwkSchema = z.custom<JWK>(
  (v) => z.looseObject({ kty: z.string() }).safeParse(v).success,
  'must be a JSON Web Key with a kty',
);

const poolStateSchema: z.ZodType<PoolState> = z.object({
  users: z.record(
    z.string(),
    z
      .object({
        username: z.string(),
        sub: z.string(),
        passwordHash: z.string(),
        status: z.enum(['UNCONFIRMED', 'CONFIRMED', 'FORCE_CHANGE_PASSWORD']),
        attributes: z.record(z.string(), z.string()),
        groups: z.array(z.string()),
        createdAt: z.string(),
        // JSON.stringify drops a key whose value is undefined; the transforms put such keys back.
        confirmation: z.object({ code: z.string(), expiresAt: z.number() }).optional(),
        lockout: z.object({ failures: z.number().int().min(0), lockedUntil: z.number() }),
        softwareToken: z
          .object({
            secret: z.string().optional(),
            pendingSecret: z.string().optional(),
            enabled: z.boolean(),
            preferred: z.boolean(),
            lastUsedStep: z.number(),
            friendlyDeviceName: z.string().optional(),
          })
          .transform(({ secret, pendingSecret, friendlyDeviceName, ...rest }) => ({
            ...rest,
            secret,
            pendingSecret,
            friendlyDeviceName,
          }))
          .optional(),
      })
      .transform(({ confirmation, ...rest }) => ({ ...rest, confirmation })),
  ),
  sessions: z.record(
    z.string(),
    z.object({
      originJti: z.string(),
      sub: z.string(),
      refreshTokenHash: z.string(),
      authTime: z.number(),
      createdAt: z.string(),
      revoked: z.boolean(),
    }),
  ),
  keys: z.array(z.object({ kid: z.string(), privateJwk: jwkSchema, publicJwk: jwkSchema, createdAt: z.string() })),
});

/** The pool's state file could not be read: not JSON, or not the shape the pool writes. */
export class StateFileError extends Error {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`the user pool state file ${file} is damaged (${reason}); delete it to start with an empty pool`);
    this.name = 'StateFileError';
    this.file = file;
  }
}

export async function loadState(file: string): Promise<PoolState | undefined> {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new StateFileError(file, `not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = poolStateSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new StateFileError(file, issues.join('; '));
  }
  return parsed.data;
}

/** Serialises writes so a later state never lands before an earlier one. */
export class StateWriter {
  readonly #file: string;
  #chain: Promise<void> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  save(state: PoolState): Promise<void> {
    const text = JSON.stringify(state);
    this.#chain = this.#chain.then(async () => {
      await mkdir(dirname(this.#file), { recursive: true });
      const tmp = `${this.#file}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, this.#file);
    });
    return this.#chain;
  }
}
