/**
 * Signing in and out in a browser. Sign-in starts a fresh session (a new id, so a session planted
 * before sign-in is worthless); tokens stay on the server; every post is CSRF-checked.
 */
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayApi } from '../gateway-api.ts';
import { accountPage, problemPage, securityCodePage, setUpAuthenticatorPage, signedOutPage, signInPage } from '../pages/account-pages.ts';
import { assertCsrf, clearSessionCookie, CsrfError, setSessionCookie } from '../session/session-plugin.ts';
import type { PendingSignIn, Session, SessionStore } from '../session/session-store.ts';

export interface AccountRoutesOptions {
  readonly store: SessionStore;
  readonly api: GatewayApi;
}

interface TokensBody {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}
interface ChallengeBody {
  challenge: 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';
  session: string;
}
interface ErrorBody {
  error?: { code?: string; message?: string };
}
interface MeBody {
  sub: string;
  username: string;
  roles: Array<'citizen' | 'caseworker' | 'admin'>;
  confidence: string;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const SECURITY_CODE = /^\d{6}$/;
const NOT_WORKING = 'Sign-in is not working right now; try again later';
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

  /** The user is who they said: a fresh session (new id) replaces the anonymous one. */
  const completeSignIn = async (reply: FastifyReply, anonymous: Session, tokens: TokensBody): Promise<FastifyReply | undefined> => {
    const meRes = await api.call('GET', '/identity/me', { accessToken: tokens.accessToken });
    if (meRes.status !== 200) return undefined;
    const me = await meRes.json<MeBody>();
    await store.delete(anonymous.id);
    const session = await store.create(
      { sub: me.sub, username: me.username, roles: me.roles },
      { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessExpiresAt: Date.now() + tokens.expiresIn * 1000 },
    );
    setSessionCookie(reply, session);
    return reply.code(303).header('location', '/account').send();
  };

  /** Back to the start when the challenge's 3 minutes ran out or it was used up. */
  const restartSignIn = async (reply: FastifyReply, session: Session, message: string) => {
    await store.save({ ...session, pendingSignIn: undefined });
    return html(reply, 401, signInPage(session.csrfToken, { username: session.pendingSignIn?.username ?? '', errors: [message] }));
  };

  app.post('/sign-in', PAGE, async (request, reply) => {
    const anonymous = assertCsrf(request);
    const form = request.body as Record<string, unknown>;
    const username = typeof form.username === 'string' ? form.username.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const errors = [...(username ? [] : ['Enter your username']), ...(password ? [] : ['Enter your password'])];
    if (errors.length) return html(reply, 400, signInPage(anonymous.csrfToken, { username, errors }));

    const res = await api.call('POST', '/identity/sign-in', { body: { username, password } });
    if (res.status !== 200) {
      const body = await res.json<ErrorBody>();
      const message = res.status === 401 ? (body.error?.message ?? 'Incorrect username or password.') : (body.error?.message ?? NOT_WORKING);
      return html(reply, res.status === 401 || res.status === 403 ? res.status : 502, signInPage(anonymous.csrfToken, { username, errors: [message] }));
    }
    const body = await res.json<TokensBody | ChallengeBody>();
    if (!('challenge' in body)) return (await completeSignIn(reply, anonymous, body)) ?? html(reply, 502, signInPage(anonymous.csrfToken, { username, errors: [NOT_WORKING] }));
    if (body.challenge === 'SOFTWARE_TOKEN_MFA') {
      await store.save({ ...anonymous, pendingSignIn: { username, challenge: body.challenge, cognitoSession: body.session } });
      return reply.code(303).header('location', '/sign-in/security-code').send();
    }
    const setup = await api.call('POST', '/identity/sign-in/mfa-setup', { body: { username, session: body.session } });
    if (setup.status !== 200) return html(reply, 502, signInPage(anonymous.csrfToken, { username, errors: [NOT_WORKING] }));
    const { secretCode, session } = await setup.json<{ secretCode: string; session: string }>();
    await store.save({ ...anonymous, pendingSignIn: { username, challenge: 'MFA_SETUP', cognitoSession: session, secretCode } });
    return reply.code(303).header('location', '/sign-in/set-up-authenticator').send();
  });

  /** The second-factor steps: a page showing the form, and its post finishing the sign-in. */
  const secondFactorStep = (
    path: string,
    challenge: PendingSignIn['challenge'],
    identityPath: string,
    page: (session: Session, pending: PendingSignIn, errors?: readonly string[]) => string,
  ) => {
    app.get(path, PAGE, async (request, reply) => {
      const session = request.session;
      if (session?.pendingSignIn?.challenge !== challenge) return reply.code(303).header('location', '/sign-in').send();
      return html(reply, 200, page(session, session.pendingSignIn));
    });

    app.post(path, PAGE, async (request, reply) => {
      const session = assertCsrf(request);
      const pending = session.pendingSignIn;
      if (pending?.challenge !== challenge) return reply.code(303).header('location', '/sign-in').send();
      const form = request.body as Record<string, unknown>;
      const code = typeof form.code === 'string' ? form.code.replace(/\s+/g, '') : '';
      if (!SECURITY_CODE.test(code)) return html(reply, 400, page(session, pending, ['Enter the 6-digit security code from your authenticator app']));
      const res = await api.call('POST', identityPath, { body: { username: pending.username, session: pending.cognitoSession, code } });
      if (res.status === 200) return (await completeSignIn(reply, session, await res.json<TokensBody>())) ?? html(reply, 502, page(session, pending, [NOT_WORKING]));
      const body = await res.json<ErrorBody>();
      if (res.status === 400 && body.error?.code === 'IDENTITY_ERR_MFA_CODE') return html(reply, 400, page(session, pending, [body.error.message ?? 'That security code is not right']));
      if (res.status === 401 || res.status === 400) return restartSignIn(reply, session, 'Your sign-in timed out or the code was used up; sign in again');
      return html(reply, 502, page(session, pending, [NOT_WORKING]));
    });
  };
  secondFactorStep('/sign-in/security-code', 'SOFTWARE_TOKEN_MFA', '/identity/sign-in/mfa', (s, _p, errors) => securityCodePage(s.csrfToken, errors ? { errors } : {}));
  secondFactorStep('/sign-in/set-up-authenticator', 'MFA_SETUP', '/identity/sign-in/mfa-setup/verify', (s, p, errors) =>
    setUpAuthenticatorPage(s.csrfToken, { secretCode: p.secretCode ?? '' }, errors ? { errors } : {}),
  );

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
