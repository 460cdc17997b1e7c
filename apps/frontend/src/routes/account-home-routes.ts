/**
 * The citizen's home: who is signed in, what is still to do before a claim can be sent (identity
 * at P2 from identity-api, a details record from citizen-api, an address found by postcode), and
 * the ways into the benefit journeys.
 */
import type { ServiceApp } from '@dwp/service-kit';
import type { SignedInUsers } from '../session/signed-in.ts';
import { citizenAnswer } from '../upstream/citizen-answers.ts';
import { meAnswer } from '../upstream/identity-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';
import { PlatformProblem } from '../web/web-errors.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

/** Where the citizen's details stand: none yet, saved, or saved with an address typed in (no UPRN, so a claim cannot be sent yet). */
export type DetailsStatus = 'todo' | 'done' | 'addressNeeded';

export function accountHomeRoutes(app: ServiceApp, deps: { api: PlatformApi; users: SignedInUsers }): void {
  app.get('/account', PAGE, async (request, reply) => {
    const session = await deps.users.citizen(request);
    const accessToken = session.tokens.accessToken;
    const [me, citizen] = await Promise.all([
      deps.api.request({ path: '/identity/me', schema: meAnswer, accessToken }),
      deps.api.request({ path: '/citizen/citizens/me', schema: citizenAnswer, accessToken }),
    ]);
    if (!me.ok) throw new PlatformProblem('identity-api /identity/me', me.status);
    if (!citizen.ok && citizen.status !== 404)
      throw new PlatformProblem('citizen-api /citizen/citizens/me', citizen.status);
    const details: DetailsStatus = !citizen.ok ? 'todo' : citizen.value.address?.uprn ? 'done' : 'addressNeeded';
    return reply.page('pages/account/account.njk', { me: me.value, details });
  });
}
