/**
 * Creating an account: a username, email address and password (POST /identity/sign-up), then the
 * code the user pool emailed (POST /identity/confirm), then sign-in, which sets up the
 * authenticator app. Between the two steps the session keeps the username and where the code went.
 */
import type { ServiceApp } from '@dwp/service-kit';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { formErrors, formField, formText, parseForm, type FieldMessageKeys } from '../forms/form-errors.ts';
import { PASSWORD_MAX_LENGTH, passwordRuleBroken, passwordRuleFromPool } from '../forms/password-rules.ts';
import type { Session } from '../session/session-store.ts';
import { confirmAnswer, signUpAnswer } from '../upstream/account-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PlatformProblem } from '../web/web-errors.ts';

export interface CreateAccountRoutesOptions {
  readonly api: PlatformApi;
}

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const JOURNEY = 'createAccount';

/** The same rules identity-api applies to a username, in GOV.UK words. */
const usernameField = z
  .string({ error: 'createAccount.username.required' })
  .trim()
  .min(1, 'createAccount.username.required')
  .min(3, 'createAccount.username.tooShort')
  .max(128, 'createAccount.username.tooLong')
  .regex(/^[A-Za-z0-9._@+-]+$/, 'createAccount.username.characters');

const signUpForm = z.object({
  username: usernameField,
  email: z
    .string({ error: 'createAccount.email.required' })
    .trim()
    .min(1, 'createAccount.email.required')
    .max(254, 'createAccount.email.tooLong')
    .pipe(z.email('createAccount.email.format')),
  password: z
    .string({ error: 'createAccount.password.required' })
    .max(PASSWORD_MAX_LENGTH, 'createAccount.password.tooLong')
    .superRefine((v, ctx) => {
      const rule = passwordRuleBroken(v);
      if (rule) ctx.addIssue({ code: 'custom', message: `createAccount.password.${rule}` });
    }),
});

const codeForm = z.object({
  code: z
    .string({ error: 'createAccount.code.required' })
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'createAccount.code.required')
        .regex(/^\d{6}$/, 'createAccount.code.format'),
    ),
});

/** What the confirm step needs from the sign-up step. */
const pendingAccount = z.object({ username: z.string(), codeSentTo: z.string() });
type PendingAccount = z.output<typeof pendingAccount>;

const pendingOf = (session: Session | undefined): PendingAccount | undefined => {
  const r = pendingAccount.safeParse(session?.journeys?.[JOURNEY]);
  return r.success ? r.data : undefined;
};

/**
 * Remembers that `username` has an account waiting for its emailed code (sign-in finds this when
 * the user pool says the account is not confirmed), and answers the page that asks for it.
 */
export async function awaitConfirmation(reply: FastifyReply, session: Session, username: string): Promise<string> {
  await reply.keepSession({
    ...session,
    journeys: { ...session.journeys, [JOURNEY]: { username, codeSentTo: '' } satisfies PendingAccount },
  });
  return '/create-account/confirm';
}

/** identity-api's refusals of a sign-up, as the field and message to show. */
function signUpRefusal(status: number, code: string, message: string): { field: string; key: string } | undefined {
  if (status === 409) return { field: 'username', key: 'createAccount.username.taken' };
  if (status === 400 && code === 'IDENTITY_ERR_PASSWORD_POLICY')
    return { field: 'password', key: `createAccount.password.${passwordRuleFromPool(message) ?? 'policy'}` };
  if (status === 400 && code === 'IDENTITY_ERR_INVALID_PARAMETER')
    return { field: 'email', key: 'createAccount.email.format' };
  if (status === 429) return { field: 'username', key: 'createAccount.tooMany' };
  return undefined;
}

const CREATE_ACCOUNT = 'pages/create-account/create-account.njk';

export function createAccountRoutes(app: ServiceApp, opts: CreateAccountRoutesOptions): void {
  const { api } = opts;

  const formPage = (
    reply: FastifyReply,
    status: number,
    data: { username?: string; email?: string; fields?: FieldMessageKeys },
  ) => reply.page(CREATE_ACCOUNT, formData(reply, data), status);
  const formData = (reply: FastifyReply, data: { username?: string; email?: string; fields?: FieldMessageKeys }) => ({
    username: data.username ?? '',
    email: data.email ?? '',
    errors: formErrors(reply.request.t, data.fields ?? []),
  });

  const codePage = (reply: FastifyReply, pending: PendingAccount, status: number, fields: FieldMessageKeys = []) =>
    reply.page(
      'pages/create-account/confirm.njk',
      { codeSentTo: pending.codeSentTo, errors: formErrors(reply.request.t, fields) },
      status,
    );

  app.get('/create-account', PAGE, async (request, reply) => {
    const session = reply.formSession();
    if (session.user) return reply.seeOther('/account');
    // The empty form is the same for everyone: rendered once (reply.publicPage).
    return reply.publicPage(CREATE_ACCOUNT, formData(reply, {}));
  });

  app.post('/create-account', PAGE, async (request, reply) => {
    const session = request.session!;
    const username = formText(formField(request.body, 'username')).trim();
    const email = formText(formField(request.body, 'email')).trim();
    const form = parseForm(signUpForm, request.body);
    if (!form.ok) return formPage(reply, 400, { username, email, fields: form.fields });

    const res = await api.request({
      method: 'POST',
      path: '/identity/sign-up',
      schema: signUpAnswer,
      body: form.value,
    });
    if (!res.ok) {
      const refusal = signUpRefusal(res.status, res.error.code, res.error.message);
      if (!refusal) throw new PlatformProblem('identity-api sign-up', res.status);
      return formPage(reply, res.status === 429 ? 429 : 400, { username, email, fields: [refusal] });
    }
    const waiting: PendingAccount = { username: form.value.username, codeSentTo: res.value.codeSentTo };
    await reply.keepSession({ ...session, journeys: { ...session.journeys, [JOURNEY]: waiting } });
    return reply.seeOther('/create-account/confirm');
  });

  app.get('/create-account/confirm', PAGE, async (request, reply) => {
    const pending = pendingOf(request.session);
    if (!pending) return reply.seeOther('/create-account');
    return codePage(reply, pending, 200);
  });

  app.post('/create-account/confirm', PAGE, async (request, reply) => {
    const session = request.session!;
    const pending = pendingOf(session);
    if (!pending) return reply.seeOther('/create-account');
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return codePage(reply, pending, 400, form.fields);

    const res = await api.request({
      method: 'POST',
      path: '/identity/confirm',
      schema: confirmAnswer,
      body: { username: pending.username, code: form.value.code },
    });
    if (!res.ok) {
      const key =
        res.error.code === 'IDENTITY_ERR_CODE_MISMATCH'
          ? 'createAccount.code.wrong'
          : res.error.code === 'IDENTITY_ERR_CODE_EXPIRED'
            ? 'createAccount.code.expired'
            : res.status === 429
              ? 'createAccount.tooMany'
              : undefined;
      if (!key) throw new PlatformProblem('identity-api confirm', res.status);
      return codePage(reply, pending, res.status === 429 ? 429 : 400, [{ field: 'code', key }]);
    }
    await reply.keepSession({ ...session, journeys: { ...session.journeys, [JOURNEY]: undefined } });
    return reply.seeOther('/sign-in?created=1');
  });
}
