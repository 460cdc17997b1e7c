/** The OS Places / Royal Mail address sandbox as a process. */
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV } from '../sandbox-env.ts';
import { createRoyalMailSandbox } from './app.ts';

await runSandbox('royal-mail', (env) => {
  const apiKey = env[SANDBOX_ENV.royalMail.apiKey];
  if (!apiKey) throw new Error(`${SANDBOX_ENV.royalMail.apiKey} is required`);
  return createRoyalMailSandbox({ apiKey, ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}) }).app;
});
