/** The GOV.UK Notify sandbox as a process: `NOTIFY_SANDBOX_API_KEY` is the key it accepts. */
import { runSandbox } from '../kit/run-sandbox.ts';
import { createNotifySandbox } from './app.ts';

export const NOTIFY_SANDBOX_API_KEY_ENV = 'NOTIFY_SANDBOX_API_KEY';

await runSandbox('notify', (env) => {
  const apiKey = env[NOTIFY_SANDBOX_API_KEY_ENV];
  if (!apiKey) throw new Error(`${NOTIFY_SANDBOX_API_KEY_ENV} is required`);
  return createNotifySandbox({ apiKey, ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}) }).app;
});
