/**
 * What the pool remembers: users (with their software token secrets, kept here as the password
 * hashes are), sessions (one per sign-in, named by `origin_jti`) and signing keys, in one JSON file
 * written atomically after every change. Challenge sessions are not kept: see auth-sessions.ts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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

export async function loadState(file: string): Promise<PoolState | undefined> {
  if (!existsSync(file)) return undefined;
  return JSON.parse(await readFile(file, 'utf8')) as PoolState;
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
