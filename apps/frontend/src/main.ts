import { staffGroupsOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { formKeyFrom } from './session/form-key.ts';
import { gatewayByDiscovery } from './upstream/platform-api.ts';
import { buildWebApp } from './web-app.ts';

const gateway = dwp.gateways.primary!;

await runService({
  platform: dwp,
  name: 'frontend-service',
  docs: false,
  setup: async (svc, stores) => {
    await svc.app.register(buildWebApp, {
      sessions: { client: stores.dynamodb!.client, table: stores.dynamodb!.tableName('sessions') },
      gateway: gatewayByDiscovery(svc.services, gateway.name, gateway.basePath),
      staffGroups: staffGroupsOf(dwp),
      formKey: formKeyFrom(process.env),
    });
  },
});
