/**
 * Loads the session named by the cookie onto `request.session` (a stored session, or else the
 * anonymous one of the browser's form id), and checks every form post for that session's CSRF
 * token and a same-site Origin before any handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '@dwp/clock';
import { AnonymousForms, keepSession } from './anonymous-session.ts';
import { CSRF_FIELD, csrfTokenMatches, sameOrigin } from './csrf.ts';
import { FORM_COOKIE, SESSION_COOKIE } from './session-cookies.ts';
import { IDLE_TIMEOUT_S, type Session, type Sessions } from './session-store.ts';
/** Re-save the idle deadline at most this often. */
const TOUCH_AFTER_S = 60;

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | undefined;
    /** The browser sent a session cookie that names no live session: it timed out or was ended. */
    sessionLapsed: boolean;
  }
  interface FastifyReply {
    /** The session a form is shown in: the browser's own, or a new anonymous one that stores nothing. */
    formSession(): Session;
    /** Stores what a session must remember; an anonymous one becomes stored, with the session cookie. */
    keepSession(session: Session): Promise<Session>;
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

export const sessionPlugin = fp<{ store: Sessions; formKey: Uint8Array; clock: Clock }>(
  async (app: FastifyInstance, opts) => {
    const forms = new AnonymousForms(opts.formKey, opts.clock);
    app.decorateRequest('session', undefined);
    app.decorateRequest('sessionLapsed', false);
    app.decorateReply('formSession', function (this: FastifyReply): Session {
      const request = this.request;
      request.session ??= forms.open(this);
      return request.session;
    });
    app.decorateReply('keepSession', function (this: FastifyReply, session: Session): Promise<Session> {
      return keepSession(opts.store, this, session);
    });
    app.addHook('preHandler', async (request) => {
      const id = request.cookies[SESSION_COOKIE];
      if (id) {
        const session = await opts.store.find(id);
        if (session) {
          request.session = session;
          if (session.expiresAt - Math.floor(opts.clock.now() / 1000) < IDLE_TIMEOUT_S - TOUCH_AFTER_S)
            await opts.store.touch(session);
        } else {
          request.sessionLapsed = true;
        }
      }
      request.session ??= forms.of(request.cookies[FORM_COOKIE]);
      if (request.method === 'POST' && !csrfHolds(request)) throw new CsrfError();
    });
  },
  { name: 'frontend/session', dependencies: ['frontend/web'] },
);
