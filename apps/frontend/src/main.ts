import formbody from '@fastify/formbody';
import { pathPrefixOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { GatewayApi } from './gateway-api.ts';
import { renderHomePage } from './home-page.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { sessionPlugin } from './session/session-plugin.ts';
import { SessionStore } from './session/session-store.ts';

const gateway = dwp.gateways.primary!;
const links = dwp.services.flatMap((s) => {
  const prefix = pathPrefixOf(s);
  return prefix ? [{ name: s.name, description: s.description, healthUrl: `${gateway.basePath}/${prefix}/health` }] : [];
});
const page = renderHomePage('DWP citizen services', links);

await runService({
  platform: dwp,
  name: 'frontend-service',
  setup: async (svc, stores) => {
    const store = new SessionStore(stores.dynamodb!.client, stores.dynamodb!.tableName('sessions'));
    await svc.app.register(async (web) => {
      await web.register(formbody, { bodyLimit: 16 * 1024 });
      await web.register(sessionPlugin, { store });
      web.addHook('onSend', async (_request, reply) => {
        reply.header('x-frame-options', 'DENY');
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'same-origin');
        reply.header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
      });
      web.get('/', { schema: { hide: true }, config: { auth: 'public' } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
      await web.register(accountRoutes, { store, api: new GatewayApi(svc.services, gateway.name, gateway.basePath) });
    });
  },
});
