/** The SAML 2.0 IdP sandbox (legacy GOV.UK Verify route) as a process. */
import { readFile } from 'node:fs/promises';
import { runSandbox } from '../kit/run-sandbox.ts';
import { SANDBOX_ENV } from '../sandbox-env.ts';
import { createSamlIdpSandbox } from './app.ts';

await runSandbox('saml-idp', async (env) => {
  const e = SANDBOX_ENV.samlIdp;
  const certFile = env[e.signingCertFile];
  const keyFile = env[e.signingKeyFile];
  if (!certFile || !keyFile) throw new Error(`${e.signingCertFile} and ${e.signingKeyFile} are required`);
  return createSamlIdpSandbox({
    signingCert: await readFile(certFile, 'utf8'),
    signingKey: await readFile(keyFile, 'utf8'),
    ...(env.LOG_LEVEL ? { logLevel: env.LOG_LEVEL } : {}),
  }).app;
});
