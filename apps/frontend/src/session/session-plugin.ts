/**
 * Loads the session named by the cookie onto `request.session` and checks every state-changing
 * form post for a matching CSRF token and a same-site Origin. The cookie is HttpOnly, Secure and
 * SameSite=Lax: no script reads it, it travels only over HTTPS (and http://localhost, which
 * browsers treat as secure), and cross-site form posts do not carry it.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError } from '@dwp/service-kit';
import { CSRF_FIELD, csrfTokenMatches, sameOrigin } from './csrf.ts';
import { IDLE_TIMEOUT_S, type Session, type SessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'dwp_session';
/** Re-save the idle deadline at most this often. */
const TOUCH_AFTER_S = 60;

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
  }
}

export class CsrfError extends ForbiddenError {
  constructor() {
    super('This form has expired or did not come from this service; go back, reload the page and try again');
    (this as { code: string }).code = 'WEB_ERR_CSRF';
  }
}

export function setSessionCookie(reply: FastifyReply, session: Session): void {
  reply.setCookie(SESSION_COOKIE, session.id, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: IDLE_TIMEOUT_S });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** Throws CsrfError unless the post carries this session's token and comes from this site. */
export function assertCsrf(request: FastifyRequest): Session {
  const session = request.session;
  const body = request.body as Record<string, unknown> | undefined;
  if (!session || !csrfTokenMatches(session.csrfToken, body?.[CSRF_FIELD]) || !sameOrigin(request.headers.origin, request.headers.host)) {
    throw new CsrfError();
  }
  return session;
}

export const sessionPlugin = fp<{ store: SessionStore }>(
  async (app: FastifyInstance, opts) => {
    await app.register(cookie);
    app.decorateRequest('session', undefined);
    app.addHook('preHandler', async (request) => {
      const id = request.cookies[SESSION_COOKIE];
      if (!id) return;
      const session = await opts.store.find(id);
      if (!session) return;
      request.session = session;
      if (session.expiresAt - Math.floor(Date.now() / 1000) < IDLE_TIMEOUT_S - TOUCH_AFTER_S) await opts.store.touch(session);
    });
  },
  { name: 'frontend/session' },
);
