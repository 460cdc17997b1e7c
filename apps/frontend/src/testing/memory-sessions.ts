/** Sessions in memory, for page tests that run without DynamoDB. Same rules as the table: ids are random, expiry is checked on read. */
import { systemClock, type Clock } from '@dwp/clock';
import type { UserIdentity } from '@dwp/service-kit';
import {
  IDLE_TIMEOUT_S,
  newSession,
  type KeptState,
  type Session,
  type Sessions,
  type SessionTokens,
} from '../session/session-store.ts';

export class MemorySessions implements Sessions {
  readonly #items = new Map<string, Session>();
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async create(user?: UserIdentity, tokens?: SessionTokens, kept?: KeptState): Promise<Session> {
    const session = newSession(this.#expiry(), user, tokens, kept);
    await this.save(session);
    return session;
  }

  find(id: string): Promise<Session | undefined> {
    const s = this.#items.get(id);
    return Promise.resolve(s && s.expiresAt * 1000 > this.#clock.now() ? s : undefined);
  }

  save(session: Session): Promise<void> {
    if (session.anonymous) throw new Error('an anonymous form session is never stored: keep it with reply.keepSession');
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
    return Math.floor(this.#clock.now() / 1000) + IDLE_TIMEOUT_S;
  }
}
