/**
 * Cognito's authentication-flow sessions: the opaque `Session` string that carries a sign-in from
 * InitiateAuth through its challenges (and through AssociateSoftwareToken and VerifySoftwareToken
 * during MFA_SETUP). Each is good for one successful use and for three minutes, Cognito's default
 * auth session validity. They live in memory: a restarted pool forgets them, as an expired session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CognitoError, INVALID_SESSION, SESSION_EXPIRED, SESSION_USED } from './errors.ts';

/** Cognito's default `AuthSessionValidity`: 3 minutes. */
export const AUTH_SESSION_VALIDITY_MS = 3 * 60_000;
/** How long a spent or expired session is remembered, so a late reuse gets the precise answer. */
const FORGET_AFTER_MS = 60 * 60_000;

/** Where a sign-in stands while it waits on the user. */
export type ChallengeState =
  /** The password passed; a code from the user's authenticator app is due. */
  | { readonly challenge: 'SOFTWARE_TOKEN_MFA'; readonly sub: string }
  /** The pool requires MFA and the user has none: associate, verify, then answer MFA_SETUP. */
  | {
      readonly challenge: 'MFA_SETUP';
      readonly sub: string;
      readonly setup: 'unassociated' | 'associated' | 'verified';
    };

interface Entry {
  readonly state: ChallengeState;
  readonly expiresAt: number;
  spent: boolean;
}

const digest = (session: string) => createHash('sha256').update(session).digest('base64url');

export class AuthSessions {
  /** Keyed by a digest of the session, never the session itself. */
  readonly #entries = new Map<string, Entry>();
  readonly #validityMs: number;

  constructor(validityMs: number = AUTH_SESSION_VALIDITY_MS) {
    if (!Number.isInteger(validityMs) || validityMs <= 0)
      throw new TypeError('auth session validity must be a positive whole number of milliseconds');
    this.#validityMs = validityMs;
  }

  /** A new opaque session for `state`, valid from `now`. */
  issue(state: ChallengeState, now: number): string {
    for (const [key, entry] of this.#entries) if (now > entry.expiresAt + FORGET_AFTER_MS) this.#entries.delete(key);
    const session = randomBytes(48).toString('base64url');
    this.#entries.set(digest(session), { state, expiresAt: now + this.#validityMs, spent: false });
    return session;
  }

  /**
   * The state a live session carries.
   * @throws a {@link CognitoError} NotAuthorizedException, in Cognito's words, when the session is
   * unknown, already used or expired.
   */
  open(session: string, now: number): ChallengeState {
    const entry = this.#entries.get(digest(session));
    if (!entry) throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
    if (entry.spent) throw new CognitoError('NotAuthorizedException', SESSION_USED);
    if (now >= entry.expiresAt) throw new CognitoError('NotAuthorizedException', SESSION_EXPIRED);
    return entry.state;
  }

  /**
   * Marks a session used. Call it in the same synchronous step as the {@link open} that decided to
   * accept it, so two concurrent answers cannot both succeed.
   */
  spend(session: string): void {
    const entry = this.#entries.get(digest(session));
    if (entry) entry.spent = true;
  }
}
