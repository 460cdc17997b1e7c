/**
 * Proving your identity with GOV.UK One Login. The browser follows One Login's real redirects:
 * the button is a link (GET) to `/identity/prove/start`, which asks identity-api for the
 * authorize URL and redirects there. A redirect after a form post would be blocked by the CSP's
 * `form-action 'self'` (Chrome applies it to the redirect's target). One Login returns the browser
 * to identity-api's callback, which records the identity and sends it to the result page, with
 * `?error=` when One Login could not prove who the citizen is.
 */
import type { ServiceApp } from '@dwp/service-kit';
import { z } from 'zod';
import type { SignedInUsers } from '../session/signed-in.ts';
import { meAnswer, verifyStartAnswer } from '../upstream/identity-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PlatformProblem } from '../web/web-errors.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const RESULT_PATH = '/identity/prove/result';

/**
 * Chooses the One Login sandbox's test user who can prove their identity; One Login itself
 * ignores a hint it does not know, so the same request works against the real service.
 */
export const SANDBOX_LOGIN_HINT = 'citizen-p2';

/** What identity-api's callback may say went wrong; anything else is read as a failure. */
const resultQuery = z.object({ error: z.enum(['cancelled', 'failed']).optional().catch('failed') });

export function proveIdentityRoutes(app: ServiceApp, deps: { api: PlatformApi; users: SignedInUsers }): void {
  const { api, users } = deps;

  app.get('/identity/prove', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const me = await api.request({ path: '/identity/me', schema: meAnswer, accessToken: session.tokens.accessToken });
    if (!me.ok) throw new PlatformProblem('identity-api /identity/me', me.status);
    if (me.value.confidence === 'P2') return reply.seeOther(RESULT_PATH);
    return reply.page('pages/identity/prove.njk', {});
  });

  app.get('/identity/prove/start', PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const res = await api.request({
      method: 'POST',
      path: '/identity/verify',
      schema: verifyStartAnswer,
      body: { returnTo: RESULT_PATH, loginHint: SANDBOX_LOGIN_HINT },
      accessToken: session.tokens.accessToken,
    });
    if (!res.ok) throw new PlatformProblem('identity-api /identity/verify', res.status);
    return reply.seeOther(res.value.authorizeUrl);
  });

  app.get(RESULT_PATH, PAGE, async (request, reply) => {
    const session = await users.citizen(request);
    const q = resultQuery.parse(request.query ?? {});
    const me = await api.request({ path: '/identity/me', schema: meAnswer, accessToken: session.tokens.accessToken });
    if (!me.ok) throw new PlatformProblem('identity-api /identity/me', me.status);
    const identity = me.value.confidence === 'P2' ? me.value.identity : undefined;
    if (!identity) return reply.page('pages/identity/not-proved.njk', { reason: q.error ?? 'failed' });
    return reply.page('pages/identity/proved.njk', { identity });
  });
}
