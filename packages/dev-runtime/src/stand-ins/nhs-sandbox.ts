/**
 * The NHS PDS FHIR sandbox in place of NHS England's API platform. Each run makes a throwaway CA
 * with server and client certificates (openssl) and an RSA key pair for the signed-JWT client
 * assertion; the sandbox gets the public parts, the external gateway the private ones.
 */
import { generateKeyPair } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { upstreamEnvNames } from '@dwp/platform';
import { NHS_TOKEN_PATH, PDS_BASE_PATH, SANDBOX_ENTRIES, SANDBOX_ENV, createTestPki } from '@dwp/sandboxes';
import { exportJWK } from 'jose';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'nhs';
/** NHS England asks for 4096-bit RSA keys for client assertions. */
const ASSERTION_KEY_BITS = 4096;

export const nhsSandbox = sandboxStandIn({
  name: 'nhs-sandbox',
  upstream: UPSTREAM,
  entry: SANDBOX_ENTRIES.nhs,
  async prepare(ctx) {
    const [pki, keys] = await Promise.all([
      createTestPki(join(ctx.dataDir, 'sandboxes', 'nhs-pki')),
      promisify(generateKeyPair)('rsa', { modulusLength: ASSERTION_KEY_BITS }),
    ]);
    const client = await pki.client('dwp-external-gateway');
    const kid = `dwp-local-${Date.now().toString(36)}`;
    const clientId = `dwp-local-${Math.random().toString(36).slice(2, 10)}`;
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS512', use: 'sig' };
    const names = upstreamEnvNames(UPSTREAM);
    return {
      protocol: 'https',
      sandboxEnv: {
        [SANDBOX_ENV.nhs.clientId]: clientId,
        [SANDBOX_ENV.nhs.clientJwks]: JSON.stringify({ keys: [publicJwk] }),
        [SANDBOX_ENV.nhs.serverCertFile]: pki.server.certFile,
        [SANDBOX_ENV.nhs.serverKeyFile]: pki.server.keyFile,
        [SANDBOX_ENV.nhs.caCertFile]: pki.caCertFile,
      },
      gatewayEnv: (url) => ({
        [names.url]: `${url}${PDS_BASE_PATH}`,
        [names.tokenUrl]: `${url}${NHS_TOKEN_PATH}`,
        [names.clientId]: clientId,
        [names.signingKey]: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        [names.signingKid]: kid,
        [names.clientCert]: client.cert,
        [names.clientKey]: client.key,
        [names.caCert]: pki.caCert,
      }),
    };
  },
});
