/**
 * The caseworker console (`/caseworker`), for the user pool's caseworkers and admins only: every
 * page starts with `users.staff()`, so a citizen gets the GOV.UK "You cannot access this page"
 * page and a signed-out visitor is sent to sign in. Every action goes through claims-api, which
 * enforces and audits it again.
 */
import type { ServiceApp } from '@dwp/service-kit';
import { caseworkerActionRoutes } from './caseworker-action-routes.ts';
import { caseworkerClaimRoutes } from './caseworker-claim-routes.ts';
import { caseworkerEvidenceRoutes } from './caseworker-evidence-routes.ts';
import { caseworkerQueueRoutes, type CaseworkerRoutesOptions } from './caseworker-queue-routes.ts';

export type { CaseworkerRoutesOptions };

export function caseworkerRoutes(app: ServiceApp, deps: CaseworkerRoutesOptions): void {
  caseworkerQueueRoutes(app, deps);
  caseworkerClaimRoutes(app, deps);
  caseworkerEvidenceRoutes(app, deps);
  caseworkerActionRoutes(app, deps);
}
