/**
 * The GOV.UK Notify sandbox as a process: `NOTIFY_SANDBOX_API_KEY` is the key it accepts. With
 * `NOTIFY_SANDBOX_SENT_FILE`, every notification it would have sent is appended to that file as
 * one JSON line (recipient, subject, body), where a person can read the emails.
 */
import { appendFileSync } from 'node:fs';
import { runSandbox } from '../kit/run-sandbox.ts';
import { createNotifySandbox } from './app.ts';

export const NOTIFY_SANDBOX_API_KEY_ENV = 'NOTIFY_SANDBOX_API_KEY';
export const NOTIFY_SANDBOX_SENT_FILE_ENV = 'NOTIFY_SANDBOX_SENT_FILE';

await runSandbox('notify', (env) => {
  const apiKey = env[NOTIFY_SANDBOX_API_KEY_ENV];
  if (!apiKey) throw new Error(`${NOTIFY_SANDBOX_API_KEY_ENV} is required`);
  const sentFile = env[NOTIFY_SANDBOX_SENT_FILE_ENV];
  return createNotifySandbox({
    apiKey,
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
    ...(sentFile
      ? {
          onSent: (n) => {
            const { id, type, email_address, phone_number, subject, body, reference, sent_at } = n;
            const to = email_address ?? phone_number;
            appendFileSync(sentFile, `${JSON.stringify({ sent_at, id, type, to, subject, body, reference })}\n`);
          },
        }
      : {}),
  }).app;
});
