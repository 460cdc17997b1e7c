/** Sessions in memory, for page tests that run without DynamoDB. Same rules as the table: ids are random, expiry is checked on read. */
import { randomBytes } from 'node:crypto';
import type { UserIdentity } from '@dwp/service-kit';
import { newCsrfToken } from '../session/csrf.ts';
import { IDLE_TIMEOUT_S, type Session, type Sessions, type SessionTokens } from '../session/session-store.ts';

export class MemorySessions implements Sessions {
  readonly #items = new Map<string, Session>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async create(user?: UserIdentity, tokens?: SessionTokens): Promise<Session> {
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      csrfToken: newCsrfToken(),
      user,
      tokens,
      expiresAt: this.#expiry(),
    };
    await this.save(session);
    return session;
  }

  find(id: string): Promise<Session | undefined> {
    const s = this.#items.get(id);
    return Promise.resolve(s && s.expiresAt * 1000 > this.#now() ? s : undefined);
  }

  save(session: Session): Promise<void> {
    this.#items.set(session.id, session);
    return Promise.resolve();
  }

  touch(session: Session): Promise<void> {
    return this.save({ ...session, expiresAt: this.#expiry() });
  }

  delete(id: string): Promise<void> {
    this.#items.delete(id);
    return Promise.resolve();
  }

  /** Every live session: for assertions on what a journey kept. */
  all(): Session[] {
    return [...this.#items.values()];
  }

  #expiry(): number {
    return Math.floor(this.#now() / 1000) + IDLE_TIMEOUT_S;
  }
}
