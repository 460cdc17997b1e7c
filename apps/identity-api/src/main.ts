import { dwp } from '@dwp/platforms/dwp';
import { runService } from '@dwp/service-kit';
import { cognitoClient } from './cognito.ts';
import { identityConfigSchema } from './config.ts';
import { OneLoginClient } from './one-login/one-login-client.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { mfaRoutes } from './routes/mfa-routes.ts';
import { identityRoutes } from './routes/identity-routes.ts';
import { samlRoutes } from './routes/saml-routes.ts';
import { verificationRoutes } from './routes/verification-routes.ts';
import { SamlVerification } from './saml/saml-verification.ts';
import { IdentityStore } from './store/identity-store.ts';

/** How authenticator apps name this service beside the username. */
const MFA_ISSUER_NAME = 'DWP citizen services';

await runService({
  platform: dwp,
  name: 'identity-api',
  config: identityConfigSchema,
  setup: async (svc, stores) => {
    const client = cognitoClient(svc.config);
    svc.onClose(() => {
      client.destroy();
    });
    // Tokens and identities are personal and change: no cache along the way may keep them.
    svc.app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const store = new IdentityStore(stores.dynamodb!.client, stores.dynamodb!.tableName('identities'));
    await svc.app.register(accountRoutes, { client, clientId: svc.config.COGNITO_CLIENT_ID });
    await svc.app.register(mfaRoutes, { client, clientId: svc.config.COGNITO_CLIENT_ID, issuerName: MFA_ISSUER_NAME });
    await svc.app.register(identityRoutes, { store });
    await svc.app.register(verificationRoutes, { store, oneLogin: new OneLoginClient(svc.config, svc.services) });
    await svc.app.register(samlRoutes, { store, saml: new SamlVerification(svc.config, store, svc.services) });
  },
});
