/** claims-api's routes over its dependencies; main.ts builds the real ones, tests their own. */
import type { ServiceApp } from '@dwp/service-kit';
import type pg from 'pg';
import { ClaimWorkflow, type ClaimWorkflowDeps } from './claim-workflow.ts';
import { answersRoutes } from './routes/answers-routes.ts';
import { assessmentRoutes } from './routes/assessment-routes.ts';
import { claimRoutes } from './routes/claim-routes.ts';
import { evidenceRoutes } from './routes/evidence-routes.ts';

export function claimsApi(app: ServiceApp, deps: ClaimWorkflowDeps & { pool: pg.Pool }): ClaimWorkflow {
  const workflow = new ClaimWorkflow(deps);
  claimRoutes(app, { pool: deps.pool, workflow });
  answersRoutes(app, { workflow });
  evidenceRoutes(app, { pool: deps.pool, workflow, documents: deps.documents });
  assessmentRoutes(app, { pool: deps.pool, workflow });
  return workflow;
}
