import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { externalGatewayConfigSchema } from './config.ts';
import { registerExternalGateway } from './external-gateway.ts';

await runService({
  platform: dwp,
  name: 'external-gateway',
  config: externalGatewayConfigSchema,
  setup: async (svc) => {
    await registerExternalGateway(svc, { platform: dwp, env: process.env });
  },
});
