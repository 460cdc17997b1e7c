/** The GOV.UK One Login sandbox as a process. */
import { z } from 'zod';
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV, jwksIn } from '../sandbox-env.ts';
import { createOneLoginSandbox } from './app.ts';

const idTokenAlg = z.enum(['ES256', 'RS256']).optional();

await runSandbox('one-login', async (env) => {
  const e = SANDBOX_ENV.oneLogin;
  const clientId = env[e.clientId];
  const jwks = env[e.clientJwks];
  if (!clientId || !jwks) throw new Error(`${e.clientId} and ${e.clientJwks} are required`);
  const alg = idTokenAlg.safeParse(env[e.idTokenAlg] || undefined);
  if (!alg.success) throw new Error(`${e.idTokenAlg} must be ES256 or RS256`);
  const redirectUris = (env[e.redirectUris] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    await createOneLoginSandbox({
      client: {
        clientId,
        jwks: jwksIn(e.clientJwks, jwks),
        redirectUris,
        ...(alg.data ? { idTokenAlg: alg.data } : {}),
      },
      ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    })
  ).app;
});
