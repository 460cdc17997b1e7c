/** The start page (GOV.UK's "Start now" pattern); the account home is account-home-routes.ts. */
import type { ServiceApp } from '@dwp/service-kit';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };

export function startRoutes(app: ServiceApp): void {
  app.get('/', PAGE, async (_request, reply) => reply.publicPage('pages/start/start.njk'));
}
