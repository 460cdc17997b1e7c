/** The start page (GOV.UK's "Start now" pattern) and the account home of a signed-in citizen. */
import type { ServiceApp } from '@dwp/service-kit';
import { meAnswer } from '../upstream/identity-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import type { SignedInUsers } from '../session/signed-in.ts';
import { PlatformProblem } from '../web/web-errors.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

export function startRoutes(app: ServiceApp, deps: { api: PlatformApi; users: SignedInUsers }): void {
  app.get('/', PAGE, async (_request, reply) => reply.page('pages/start/start.njk'));

  app.get('/account', PAGE, async (request, reply) => {
    const session = await deps.users.citizen(request);
    const me = await deps.api.request({ path: '/identity/me', schema: meAnswer, accessToken: session.tokens.accessToken });
    if (!me.ok) throw new PlatformProblem('identity-api /identity/me', me.status);
    return reply.page('pages/account/account.njk', { me: me.value });
  });
}
