/**
 * Signing in and out in a browser: the password, then the authenticator app's security code (or,
 * the first time, setting one up with a QR code). Sign-in starts a fresh session (a new id, so a
 * session planted before sign-in is worthless); tokens stay on the server.
 */
import type { Clock } from '@dwp/clock';
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { formErrors, formField, formText, parseForm, type FieldMessageKeys } from '../forms/form-errors.ts';
import { authenticatorSetupAnswer, meAnswer, signInAnswer, tokensAnswer } from '../upstream/identity-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { clearSessionCookie, setSessionCookie } from '../session/session-cookies.ts';
import type { PendingSignIn, Session, Sessions } from '../session/session-store.ts';
import { PlatformProblem } from '../web/web-errors.ts';
import { awaitConfirmation } from './create-account-routes.ts';

export interface SignInRoutesOptions {
  readonly clock: Clock;
  readonly store: Sessions;
  readonly api: PlatformApi;
  readonly isStaff: (roles: readonly string[]) => boolean;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

const signInForm = z.object({
  username: z
    .string({ error: 'signIn.username.required' })
    .trim()
    .min(1, 'signIn.username.required')
    .max(128, 'signIn.username.tooLong'),
  password: z
    .string({ error: 'signIn.password.required' })
    .min(1, 'signIn.password.required')
    .max(256, 'signIn.password.tooLong'),
});
const codeForm = z.object({
  code: z
    .string({ error: 'securityCode.required' })
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'securityCode.required')
        .regex(/^\d{6}$/, 'securityCode.format'),
    ),
});
const returnToQuery = z.object({
  returnTo: z
    .string()
    .regex(/^\/(?!\/)[A-Za-z0-9/_\-.?=&%]*$/)
    .max(512)
    .optional()
    .catch(undefined),
  timedOut: z.literal('1').optional().catch(undefined),
  required: z.literal('1').optional().catch(undefined),
  // Just created an account (create-account-routes.ts): a success banner.
  created: z.literal('1').optional().catch(undefined),
});

/** Where a signed-in user lands: the page they were sent from, or their home. */
const homeOf = (roles: readonly string[], isStaff: (r: readonly string[]) => boolean) =>
  isStaff(roles) ? '/caseworker' : '/account';

const SIGN_IN = 'pages/sign-in/sign-in.njk';

export async function signInRoutes(app: ServiceApp, opts: SignInRoutesOptions): Promise<void> {
  const { store, api } = opts;

  type SignInData = { username?: string; fields?: FieldMessageKeys; notice?: string; created?: boolean };
  const signInData = (reply: FastifyReply, data: SignInData) => ({
    username: data.username ?? '',
    notice: data.notice,
    created: data.created ?? false,
    errors: formErrors(reply.request.t, data.fields ?? []),
  });
  const signInPage = (reply: FastifyReply, status: number, data: SignInData) =>
    reply.page(SIGN_IN, signInData(reply, data), status);

  app.get('/sign-in', PAGE, async (request, reply) => {
    const q = returnToQuery.parse(request.query);
    const session = reply.formSession();
    if (session.user) return reply.seeOther(homeOf(session.user.roles, opts.isStaff));
    if (q.returnTo) await reply.keepSession({ ...session, journeys: { ...session.journeys, returnTo: q.returnTo } });
    // What the form shows depends only on its URL: rendered once for each (reply.publicPage).
    return reply.publicPage(
      SIGN_IN,
      signInData(reply, {
        notice: q.timedOut ? 'timedOut' : q.required ? 'required' : undefined,
        created: q.created === '1',
      }),
    );
  });

  /** The user is who they said: a fresh session (new id) replaces the anonymous one. */
  const completeSignIn = async (
    reply: FastifyReply,
    anonymous: Session,
    tokens: z.output<typeof tokensAnswer>,
  ): Promise<FastifyReply> => {
    const me = await api.request({ path: '/identity/me', schema: meAnswer, accessToken: tokens.accessToken });
    if (!me.ok) throw new PlatformProblem('identity-api /identity/me after sign-in', me.status);
    const returnTo = typeof anonymous.journeys?.returnTo === 'string' ? anonymous.journeys.returnTo : undefined;
    if (!anonymous.anonymous) await store.delete(anonymous.id);
    const session = await store.create(
      { sub: me.value.sub, username: me.value.username, roles: me.value.roles },
      {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessExpiresAt: opts.clock.now() + tokens.expiresIn * 1000,
      },
    );
    setSessionCookie(reply, session);
    return reply.seeOther(returnTo ?? homeOf(me.value.roles, opts.isStaff));
  };

  app.post('/sign-in', PAGE, async (request, reply) => {
    const anonymous = request.session!;
    const form = parseForm(signInForm, request.body);
    const username = formText(formField(request.body, 'username')).trim();
    if (!form.ok) return signInPage(reply, 400, { username, fields: form.fields });

    const res = await api.request({
      method: 'POST',
      path: '/identity/sign-in',
      schema: signInAnswer,
      body: form.value,
    });
    if (!res.ok) {
      // Signed up but never confirmed: on to the page that asks for the emailed code.
      if (res.status === 403 && res.error.code === 'IDENTITY_ERR_NOT_CONFIRMED')
        return reply.seeOther(await awaitConfirmation(reply, anonymous, form.value.username));
      const key =
        res.status === 401
          ? 'signIn.wrong'
          : res.status === 429
            ? 'signIn.lockedOut'
            : res.status === 403
              ? 'signIn.notConfirmed'
              : res.status === 400
                ? 'signIn.wrong'
                : undefined;
      if (!key) throw new PlatformProblem('identity-api sign-in', res.status);
      return signInPage(reply, res.status === 429 ? 429 : res.status === 403 ? 403 : 401, {
        username,
        fields: [{ field: 'username', key }],
      });
    }
    const body = res.value;
    if (!('challenge' in body)) return completeSignIn(reply, anonymous, body);
    if (body.challenge === 'SOFTWARE_TOKEN_MFA') {
      await reply.keepSession({
        ...anonymous,
        pendingSignIn: { username: form.value.username, challenge: body.challenge, cognitoSession: body.session },
      });
      return reply.seeOther('/sign-in/security-code');
    }
    const setup = await api.request({
      method: 'POST',
      path: '/identity/sign-in/mfa-setup',
      schema: authenticatorSetupAnswer,
      body: { username: form.value.username, session: body.session },
    });
    if (!setup.ok) throw new PlatformProblem('identity-api mfa-setup', setup.status);
    await reply.keepSession({
      ...anonymous,
      pendingSignIn: {
        username: form.value.username,
        challenge: 'MFA_SETUP',
        cognitoSession: setup.value.session,
        secretCode: setup.value.secretCode,
        otpauthUri: setup.value.otpauthUri,
      },
    });
    return reply.seeOther('/sign-in/set-up-authenticator');
  });

  /** Back to the start when the challenge's 3 minutes ran out or it was used up. */
  const restartSignIn = async (reply: FastifyReply, session: Session) => {
    await reply.keepSession({ ...session, pendingSignIn: undefined });
    return signInPage(reply, 401, {
      username: session.pendingSignIn?.username ?? '',
      fields: [{ field: 'username', key: 'securityCode.expired' }],
    });
  };

  const codePage = async (
    reply: FastifyReply,
    pending: PendingSignIn,
    status: number,
    fields: FieldMessageKeys = [],
  ) => {
    const errors = formErrors(reply.request.t, fields);
    if (pending.challenge === 'SOFTWARE_TOKEN_MFA')
      return reply.page('pages/sign-in/security-code.njk', { errors }, status);
    const secret = pending.secretCode ?? '';
    // An SVG data URI: the CSP allows `img-src data:`, and the key never leaves this page.
    const qrSvg = await QRCode.toString(pending.otpauthUri ?? '', {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    return reply.page(
      'pages/sign-in/set-up-authenticator.njk',
      {
        errors,
        secretCode: secret.replace(/(.{4})/g, '$1 ').trim(),
        qrDataUri: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`,
      },
      status,
    );
  };

  /** The second-factor steps: a page showing the form, and its post finishing the sign-in. */
  const secondFactorStep = (path: string, challenge: PendingSignIn['challenge'], identityPath: string) => {
    app.get(path, PAGE, async (request, reply) => {
      const pending = request.session?.pendingSignIn;
      if (pending?.challenge !== challenge) return reply.seeOther('/sign-in');
      return codePage(reply, pending, 200);
    });

    app.post(path, PAGE, async (request, reply) => {
      const session = request.session!;
      const pending = session.pendingSignIn;
      if (pending?.challenge !== challenge) return reply.seeOther('/sign-in');
      const form = parseForm(codeForm, request.body);
      if (!form.ok) return codePage(reply, pending, 400, form.fields);
      const res = await api.request({
        method: 'POST',
        path: identityPath,
        schema: tokensAnswer,
        body: { username: pending.username, session: pending.cognitoSession, code: form.value.code },
      });
      if (res.ok) return completeSignIn(reply, session, res.value);
      if (res.status === 400 && res.error.code === 'IDENTITY_ERR_MFA_CODE')
        return codePage(reply, pending, 400, [{ field: 'code', key: 'securityCode.wrong' }]);
      if (res.status === 429) return codePage(reply, pending, 429, [{ field: 'code', key: 'signIn.lockedOut' }]);
      if (res.status === 401 || res.status === 400) return restartSignIn(reply, session);
      throw new PlatformProblem(`identity-api ${identityPath}`, res.status);
    });
  };
  secondFactorStep('/sign-in/security-code', 'SOFTWARE_TOKEN_MFA', '/identity/sign-in/mfa');
  secondFactorStep('/sign-in/set-up-authenticator', 'MFA_SETUP', '/identity/sign-in/mfa-setup/verify');

  app.post('/sign-out', PAGE, async (request, reply) => {
    const session = request.session!;
    if (session.tokens) {
      // Signing out of the pool too (GlobalSignOut); the page is the same if that call fails.
      await api
        .request({
          method: 'POST',
          path: '/identity/sign-out',
          schema: z.unknown(),
          accessToken: session.tokens.accessToken,
        })
        .catch((err: unknown) => {
          request.log.warn({ err }, 'sign-out at the user pool failed');
        });
    }
    await store.delete(session.id);
    clearSessionCookie(reply);
    request.session = undefined;
    return reply.page('pages/sign-in/signed-out.njk', {});
  });
}
