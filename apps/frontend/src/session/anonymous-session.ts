/**
 * The session a form is rendered in before anyone signs in: the browser's current one, or a new
 * anonymous one, so the form can carry a CSRF token and a journey can keep its answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setSessionCookie } from './session-plugin.ts';
import type { Session, Sessions } from './session-store.ts';

export async function formSession(store: Sessions, request: FastifyRequest, reply: FastifyReply): Promise<Session> {
  if (request.session) return request.session;
  const session = await store.create();
  setSessionCookie(reply, session);
  request.session = session;
  return session;
}
