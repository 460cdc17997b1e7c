/**
 * Stage 2 of the gateway's request path: the Cognito authorizer. Runs after the route match (it
 * needs the route's `auth` and `roles`) and before throttling and the cache. A route with
 * `auth: none` passes untouched; any other needs a live access token, and the route's roles if it
 * names any. The verified user rides on to the service inside the gateway's signed service token.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import { answer } from '../api-gateway-errors.ts';
import { kGateway } from '../request-state.ts';
import { TokenRejected, accessTokenFrom, type UserTokenVerification } from '@dwp/service-kit';

export interface AuthorizerStageOptions {
  readonly verification: UserTokenVerification;
  /** Paths (base path removed) whose success signs the caller out: their token is forgotten at once. */
  readonly signOutPaths: ReadonlySet<string>;
}

export function authorizerStage(opts: AuthorizerStageOptions): FastifyPluginAsync {
  return fp(
    async (app: FastifyInstance) => {
      const rejections = new Counter({
        name: 'gateway_authorizer_rejections_total',
        help: 'Requests the authorizer refused, by reason',
        labelNames: ['reason'] as const,
        registers: [app.metrics],
      });

      app.addHook('onRequest', async (request, reply) => {
        const state = request[kGateway];
        if (!state || state.route.auth === 'none') return;
        const token = accessTokenFrom(request.headers.authorization);
        let verified;
        try {
          if (!token) throw new TokenRejected('missing');
          verified = await opts.verification.verify(token);
        } catch (err) {
          if (!(err instanceof TokenRejected)) throw err;
          request.log.info({ reason: err.reason }, 'authorizer: token refused');
          rejections.inc({ reason: err.reason });
          return answer(reply, 'unauthorized');
        }
        const roles = state.route.roles;
        if (roles.length > 0 && !roles.some((r) => verified.user.roles.includes(r))) {
          request.log.info({ sub: verified.user.sub, need: roles }, 'authorizer: role not held');
          rejections.inc({ reason: 'role' });
          return answer(reply, 'accessDenied');
        }
        state.user = verified.user;
      });

      app.addHook('onResponse', async (request, reply) => {
        const state = request[kGateway];
        if (!state?.user || reply.statusCode >= 300 || !opts.signOutPaths.has(state.path)) return;
        const token = accessTokenFrom(request.headers.authorization);
        if (token) {
          opts.verification.forget(token);
        }
      });
    },
    { name: 'api-gateway/authorizer' },
  );
}
