/**
 * Forms shown before anyone signs in (sign-in, create an account) carry a CSRF token but store
 * nothing: the browser gets a form id (`dwp_form`, issued-at seconds and 32 random bytes) and the
 * token is its HMAC (see csrf.ts). So a visitor or a crawler that only looks writes no session
 * item, and the first page of sign-in answers without a DynamoDB round trip. A session is stored
 * only when there is something to remember (`keepSession`), under a new id and its own cookie.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '@dwp/clock';
import type { FastifyReply } from 'fastify';
import { anonymousCsrfToken } from './csrf.ts';
import { setFormCookie, setSessionCookie } from './session-cookies.ts';
import { IDLE_TIMEOUT_S, type Session, type Sessions } from './session-store.ts';

const FORM_ID = /^(\d{1,12})\.[A-Za-z0-9_-]{43}$/;

export class AnonymousForms {
  readonly #key: Uint8Array;
  readonly #clock: Clock;

  constructor(key: Uint8Array, clock: Clock) {
    this.#key = key;
    this.#clock = clock;
  }

  /** A new form id, with the cookie that carries it. */
  open(reply: FastifyReply): Session {
    const id = `${Math.floor(this.#clock.now() / 1000)}.${randomBytes(32).toString('base64url')}`;
    setFormCookie(reply, id);
    return this.#session(id, Math.floor(this.#clock.now() / 1000));
  }

  /** The anonymous session a form id stands for, while it is no older than a session may idle. */
  of(formId: string | undefined): Session | undefined {
    const m = formId === undefined ? null : FORM_ID.exec(formId);
    if (!m || formId === undefined) return undefined;
    const issuedAt = Number(m[1]);
    const nowS = Math.floor(this.#clock.now() / 1000);
    if (issuedAt > nowS + 60 || nowS - issuedAt >= IDLE_TIMEOUT_S) return undefined;
    return this.#session(formId, issuedAt);
  }

  #session(id: string, issuedAt: number): Session {
    return {
      id,
      csrfToken: anonymousCsrfToken(this.#key, id),
      user: undefined,
      tokens: undefined,
      expiresAt: issuedAt + IDLE_TIMEOUT_S,
      anonymous: true,
    };
  }
}

/**
 * Saves what `session` must remember. An anonymous one becomes a stored session with a new id,
 * a new CSRF token and the session cookie; the caller renders with the session returned.
 */
export async function keepSession(store: Sessions, reply: FastifyReply, session: Session): Promise<Session> {
  if (!session.anonymous) {
    await store.save(session);
    return session;
  }
  const kept = await store.create(undefined, undefined, {
    journeys: session.journeys,
    pendingSignIn: session.pendingSignIn,
  });
  setSessionCookie(reply, kept);
  reply.request.session = kept;
  return kept;
}
