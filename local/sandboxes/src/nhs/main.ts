/** The NHS PDS FHIR sandbox as a process (HTTPS with mutual TLS). */
import { readFile } from 'node:fs/promises';
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV, jwksIn } from '../sandbox-env.ts';
import { createNhsSandbox } from './app.ts';

await runSandbox('nhs', async (env) => {
  const e = SANDBOX_ENV.nhs;
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`${name} is required`);
    return v;
  };
  return createNhsSandbox({
    clientId: need(e.clientId),
    clientJwks: jwksIn(e.clientJwks, need(e.clientJwks)),
    tls: {
      cert: await readFile(need(e.serverCertFile), 'utf8'),
      key: await readFile(need(e.serverKeyFile), 'utf8'),
      ca: await readFile(need(e.caCertFile), 'utf8'),
    },
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
  }).app;
});
