/** The pages the footer and phase banner link to: accessibility statement, cookies, privacy, feedback. */
import type { ServiceApp } from '@dwp/service-kit';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
export const HELP_PAGES = ['accessibility-statement', 'cookies', 'privacy', 'feedback'] as const;

export function helpRoutes(app: ServiceApp): void {
  for (const name of HELP_PAGES) {
    app.get(`/help/${name}`, PAGE, async (_request, reply) =>
      reply.publicPage('pages/help/help-page.njk', { topic: name }),
    );
  }
}
