/**
 * The web tier's two cookies. Both are HttpOnly, Secure and SameSite=Lax: no script reads them,
 * they travel only over HTTPS (and http://localhost, which browsers treat as secure), and
 * cross-site form posts do not carry them.
 */
import type { FastifyReply } from 'fastify';
import { IDLE_TIMEOUT_S, type Session } from './session-store.ts';

/** Names a stored session. */
export const SESSION_COOKIE = 'dwp_session';
/** Names an anonymous form (anonymous-session.ts); nothing is stored under it. */
export const FORM_COOKIE = 'dwp_form';

const attributes = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

export function setSessionCookie(reply: FastifyReply, session: Session): void {
  reply.setCookie(SESSION_COOKIE, session.id, { ...attributes, maxAge: IDLE_TIMEOUT_S });
}

export function setFormCookie(reply: FastifyReply, formId: string): void {
  reply.setCookie(FORM_COOKIE, formId, { ...attributes, maxAge: IDLE_TIMEOUT_S });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, attributes);
}
