/**
 * Loads the session named by the cookie onto `request.session`, and checks every form post for
 * this session's CSRF token and a same-site Origin before any handler runs. The cookie is
 * HttpOnly, Secure and SameSite=Lax: no script reads it, it travels only over HTTPS (and
 * http://localhost, which browsers treat as secure), and cross-site form posts do not carry it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { CSRF_FIELD, csrfTokenMatches, sameOrigin } from './csrf.ts';
import { IDLE_TIMEOUT_S, type Session, type Sessions } from './session-store.ts';

export const SESSION_COOKIE = 'dwp_session';
/** Re-save the idle deadline at most this often. */
const TOUCH_AFTER_S = 60;

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    /** The browser sent a session cookie that names no live session: it timed out or was ended. */
    sessionLapsed: boolean;
  }
}

export class CsrfError extends Error {
  readonly code = 'WEB_ERR_CSRF';
  readonly statusCode = 403;
  constructor() {
    super('This form has expired or did not come from this service');
    this.name = 'CsrfError';
  }
}

export function setSessionCookie(reply: FastifyReply, session: Session): void {
  reply.setCookie(SESSION_COOKIE, session.id, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: IDLE_TIMEOUT_S,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** The token a post carries: the form field, or for a file upload (multipart) the action's query. */
function postedToken(request: FastifyRequest): unknown {
  const body = request.body;
  if (body !== null && typeof body === 'object' && CSRF_FIELD in body)
    return (body as Record<string, unknown>)[CSRF_FIELD];
  const query = request.query;
  if (query !== null && typeof query === 'object' && CSRF_FIELD in query)
    return (query as Record<string, unknown>)[CSRF_FIELD];
  return undefined;
}

export function csrfHolds(request: FastifyRequest): boolean {
  const session = request.session;
  return (
    !!session &&
    csrfTokenMatches(session.csrfToken, postedToken(request)) &&
    sameOrigin(request.headers.origin, request.headers.host)
  );
}

export const sessionPlugin = fp<{ store: Sessions; now?: () => number }>(
  async (app: FastifyInstance, opts) => {
    const now = opts.now ?? Date.now;
    app.decorateRequest('session', undefined);
    app.decorateRequest('sessionLapsed', false);
    app.addHook('preHandler', async (request) => {
      const id = request.cookies[SESSION_COOKIE];
      if (id) {
        const session = await opts.store.find(id);
        if (session) {
          request.session = session;
          if (session.expiresAt - Math.floor(now() / 1000) < IDLE_TIMEOUT_S - TOUCH_AFTER_S)
            await opts.store.touch(session);
        } else {
          request.sessionLapsed = true;
        }
      }
      if (request.method === 'POST' && !csrfHolds(request)) throw new CsrfError();
    });
  },
  { name: 'frontend/session', dependencies: ['frontend/web'] },
);
