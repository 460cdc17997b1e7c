/**
 * The work queue (`/caseworker`): claims-api's list of every claim, oldest first, filtered by
 * state, benefit and age with a GET form (MoJ's filter layout, so it works without JavaScript),
 * a page at a time, in MoJ's sortable table.
 */
import type { Clock } from '@dwp/clock';
import type { ServiceApp } from '@dwp/service-kit';
import {
  claimsListPath,
  pagingHrefs,
  parseQueueQuery,
  queueHref,
  selectedFilters,
} from '../caseworker/queue-filters.ts';
import { answerOf } from '../caseworker/casework-upstream.ts';
import { shortReference } from '../claims/claim-status.ts';
import { formErrors } from '../forms/form-errors.ts';
import type { SignedInUsers } from '../session/signed-in.ts';
import { staffClaimsPageAnswer } from '../upstream/caseworker-answers.ts';
import { BENEFITS, CLAIM_STATES } from '../upstream/claims-answers.ts';
import type { PlatformApi } from '../upstream/platform-api.ts';

const PAGE = { config: { auth: 'public' as const }, schema: { hide: true } };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CaseworkerRoutesOptions {
  readonly api: PlatformApi;
  readonly users: SignedInUsers;
  readonly clock: Clock;
}

export function caseworkerQueueRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  app.get('/caseworker', PAGE, async (request, reply) => {
    const session = await deps.users.staff(request);
    const { filters, ageText, ageProblem } = parseQueueQuery(request.query);
    const at = deps.clock.now();
    const res = await deps.api.request({
      path: claimsListPath(filters, at),
      schema: staffClaimsPageAnswer,
      accessToken: session.tokens.accessToken,
    });
    // A cursor that looks right but is not one claims-api made: an edited URL, the user's to fix.
    if (!res.ok && res.status === 400) return reply.problem(400);
    const page = answerOf(res, 'claims-api list of claims');
    const claims = page.items.map((c) => ({
      ...c,
      href: `/caseworker/claims/${c.id}`,
      reference: shortReference(c.id),
      daysWaiting: c.submittedAt ? Math.max(0, Math.floor((at - Date.parse(c.submittedAt)) / DAY_MS)) : undefined,
    }));
    return reply.page(
      'pages/caseworker/queue.njk',
      {
        claims,
        filters,
        ageText,
        states: CLAIM_STATES,
        benefits: BENEFITS,
        selected: selectedFilters(filters),
        clearHref: queueHref({ states: [], benefits: [], olderThanDays: undefined }),
        paging: pagingHrefs(filters, page.nextCursor),
        errors: formErrors(request.t, ageProblem ? [{ field: 'olderThanDays', key: ageProblem }] : []),
      },
      ageProblem ? 400 : 200,
    );
  });
}
