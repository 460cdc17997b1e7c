/**
 * Signing in and out in a browser. Sign-in starts a fresh session (a new id, so a session planted
 * before sign-in is worthless); tokens stay on the server; every post is CSRF-checked.
 */
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayApi } from '../gateway-api.ts';
import { accountPage, problemPage, signedOutPage, signInPage } from '../pages/account-pages.ts';
import { assertCsrf, clearSessionCookie, CsrfError, setSessionCookie } from '../session/session-plugin.ts';
import type { Session, SessionStore } from '../session/session-store.ts';

export interface AccountRoutesOptions {
  readonly store: SessionStore;
  readonly api: GatewayApi;
}

interface TokensBody {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}
interface MeBody {
  sub: string;
  username: string;
  roles: Array<'citizen' | 'caseworker' | 'admin'>;
  confidence: string;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const html = (reply: FastifyReply, status: number, page: string) => reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);

export async function accountRoutes(app: ServiceApp, opts: AccountRoutesOptions): Promise<void> {
  const { store, api } = opts;

  /** The session a form is rendered in: the current one, or a new anonymous one to carry the CSRF token. */
  const formSession = async (request: FastifyRequest, reply: FastifyReply): Promise<Session> => {
    if (request.session) return request.session;
    const session = await store.create();
    setSessionCookie(reply, session);
    return session;
  };

  /** The signed-in session with a live access token (refreshed when expired), or undefined. */
  const signedIn = async (request: FastifyRequest): Promise<Session | undefined> => {
    const s = request.session;
    if (!s?.user || !s.tokens) return undefined;
    if (s.tokens.accessExpiresAt > Date.now() + 30_000) return s;
    if (!s.tokens.refreshToken) return undefined;
    const res = await api.call('POST', '/identity/refresh', { body: { refreshToken: s.tokens.refreshToken } });
    if (res.status !== 200) return undefined;
    const t = await res.json<TokensBody>();
    const refreshed: Session = { ...s, tokens: { accessToken: t.accessToken, refreshToken: s.tokens.refreshToken, accessExpiresAt: Date.now() + t.expiresIn * 1000 } };
    await store.save(refreshed);
    return refreshed;
  };

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof CsrfError) return html(reply, 403, problemPage('Sorry, there is a problem with the service', err.message));
    request.log.error({ err }, 'page failed');
    return html(reply, 500, problemPage('Sorry, there is a problem with the service', 'Try again later.'));
  });

  app.get('/sign-in', PAGE, async (request, reply) => {
    const session = await formSession(request, reply);
    return html(reply, 200, signInPage(session.csrfToken));
  });

  app.post('/sign-in', PAGE, async (request, reply) => {
    const anonymous = assertCsrf(request);
    const form = request.body as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const errors = [...(username ? [] : ['Enter your username']), ...(password ? [] : ['Enter your password'])];
    if (errors.length) return html(reply, 400, signInPage(anonymous.csrfToken, { username, errors }));

    const res = await api.call('POST', '/identity/sign-in', { body: { username, password } });
    if (res.status !== 200) {
      const body = await res.json<{ error?: { message?: string } }>();
      const message = res.status === 401 ? (body.error?.message ?? 'Incorrect username or password.') : (body.error?.message ?? 'Sign-in is not working right now; try again later');
      return html(reply, res.status === 401 || res.status === 403 ? res.status : 502, signInPage(anonymous.csrfToken, { username, errors: [message] }));
    }
    const tokens = await res.json<TokensBody>();
    const meRes = await api.call('GET', '/identity/me', { accessToken: tokens.accessToken });
    if (meRes.status !== 200) return html(reply, 502, signInPage(anonymous.csrfToken, { username, errors: ['Sign-in is not working right now; try again later'] }));
    const me = await meRes.json<MeBody>();
    await store.delete(anonymous.id);
    const session = await store.create(
      { sub: me.sub, username: me.username, roles: me.roles },
      { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessExpiresAt: Date.now() + tokens.expiresIn * 1000 },
    );
    setSessionCookie(reply, session);
    return reply.code(303).header('location', '/account').send();
  });

  app.get('/account', PAGE, async (request, reply) => {
    const session = await signedIn(request);
    if (!session) return reply.code(303).header('location', '/sign-in').send();
    const res = await api.call('GET', '/identity/me', { accessToken: session.tokens!.accessToken });
    if (res.status === 401) {
      await store.delete(session.id);
      clearSessionCookie(reply);
      return reply.code(303).header('location', '/sign-in').send();
    }
    return html(reply, 200, accountPage(session.csrfToken, await res.json<MeBody>()));
  });

  app.post('/sign-out', PAGE, async (request, reply) => {
    const session = assertCsrf(request);
    if (session.tokens) await api.call('POST', '/identity/sign-out', { accessToken: session.tokens.accessToken });
    await store.delete(session.id);
    clearSessionCookie(reply);
    return html(reply, 200, signedOutPage());
  });
}
