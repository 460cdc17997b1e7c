/** benefits-api's routes over its dependencies; main.ts builds the real ones, tests their own. */
import type { ServiceApp } from '@dwp/service-kit';
import type pg from 'pg';
import { Estimator, type EstimatorDeps } from './estimator.ts';
import { benefitRoutes } from './routes/benefit-routes.ts';

export function benefitsApi(app: ServiceApp, deps: EstimatorDeps & { pool: pg.Pool; outbox: { kick(): void } }): void {
  const estimator = new Estimator(deps);
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && reply.statusCode === 201) deps.outbox.kick();
  });
  benefitRoutes(app, { pool: deps.pool, estimator });
}
