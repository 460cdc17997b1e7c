/**
 * The GOV.UK One Login sandbox in place of One Login. Each run registers a relying party for
 * identity-api: a fresh RSA key pair whose public half the sandbox holds (private_key_jwt and
 * signed request objects) and whose private half identity-api gets, with its client id and the
 * sandbox's issuer. The external gateway gets the sandbox's URL for the `one-login` route.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { relyingPartyEnvNames, upstreamEnvNames } from '@dwp/platform';
import { SANDBOX_ENTRIES, SANDBOX_ENV } from '@dwp/sandboxes';
import { exportJWK } from 'jose';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'one-login';
/** The relying party that signs in with One Login. */
export const ONE_LOGIN_RELYING_PARTY = 'identity-api';

/** What the relying party (identity-api) is given to sign in with One Login: the contract's names. */
export const ONE_LOGIN_RP_ENV = relyingPartyEnvNames(UPSTREAM);

export const oneLoginSandbox = sandboxStandIn({
  name: 'one-login-sandbox',
  upstream: UPSTREAM,
  entry: SANDBOX_ENTRIES.oneLogin,
  async prepare() {
    const keys = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const kid = `rp-${randomBytes(6).toString('hex')}`;
    const clientId = `dwp-${randomBytes(8).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
    const names = upstreamEnvNames(UPSTREAM);
    return {
      sandboxEnv: {
        [SANDBOX_ENV.oneLogin.clientId]: clientId,
        [SANDBOX_ENV.oneLogin.clientJwks]: JSON.stringify({ keys: [publicJwk] }),
      },
      gatewayEnv: (url) => ({ [names.url]: url }),
      serviceEnv: (url) => ({
        [ONE_LOGIN_RELYING_PARTY]: {
          [ONE_LOGIN_RP_ENV.issuer]: `${url}/`,
          [ONE_LOGIN_RP_ENV.clientId]: clientId,
          [ONE_LOGIN_RP_ENV.signingKey]: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
          [ONE_LOGIN_RP_ENV.signingKid]: kid,
        },
      }),
    };
  },
});
