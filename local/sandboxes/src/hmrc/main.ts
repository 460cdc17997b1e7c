/** The HMRC sandbox as a process. */
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV } from '../sandbox-env.ts';
import { createHmrcSandbox } from './app.ts';

await runSandbox('hmrc', (env) => {
  const e = SANDBOX_ENV.hmrc;
  const clientId = env[e.clientId];
  const clientSecret = env[e.clientSecret];
  if (!clientId || !clientSecret) throw new Error(`${e.clientId} and ${e.clientSecret} are required`);
  const ttl = env[e.tokenTtlSeconds];
  return createHmrcSandbox({
    clientId,
    clientSecret,
    ...(ttl ? { tokenTtlSeconds: Number(ttl) } : {}),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
  }).app;
});
