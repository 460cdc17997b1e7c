/** The GOV.UK One Login OIDC sandbox as a process. */
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV, jwksIn } from '../sandbox-env.ts';
import { createOneLoginSandbox } from './app.ts';

await runSandbox('one-login', async (env) => {
  const e = SANDBOX_ENV.oneLogin;
  const clientId = env[e.clientId];
  const jwks = env[e.clientJwks];
  if (!clientId || !jwks) throw new Error(`${e.clientId} and ${e.clientJwks} are required`);
  const redirectUris = (env[e.redirectUris] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    await createOneLoginSandbox({
      client: { clientId, jwks: jwksIn(e.clientJwks, jwks), redirectUris },
      ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    })
  ).app;
});
