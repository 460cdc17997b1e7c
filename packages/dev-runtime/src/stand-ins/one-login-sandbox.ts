/**
 * The GOV.UK One Login sandbox in place of One Login. Each run registers a relying party for
 * identity-api: a fresh RSA key pair whose public half the sandbox holds (private_key_jwt and
 * signed request objects) and whose private half identity-api gets, with its client id, the
 * sandbox's OIDC issuer and its identity issuer. The external gateway gets the sandbox's URL for
 * the `one-login` route and the identity issuer's for the `one-login-identity` route (its DID
 * document): One Login's two hosts, which the sandbox answers for on one port.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { relyingPartyEnvNames, upstreamEnvNames } from '@dwp/platform';
import { IDENTITY_ISSUER_PATH, SANDBOX_ENTRIES, SANDBOX_ENV, identityIssuerOf } from '@dwp/sandboxes';
import { exportJWK } from 'jose';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'one-login';
/** The identity issuer's host: where its DID document is read. */
const IDENTITY_UPSTREAM = 'one-login-identity';
/** The relying party that signs in with One Login. */
export const ONE_LOGIN_RELYING_PARTY = 'identity-api';

/** What the relying party (identity-api) is given to sign in with One Login: the contract's names. */
export const ONE_LOGIN_RP_ENV = relyingPartyEnvNames(UPSTREAM);

export const oneLoginSandbox = sandboxStandIn({
  name: 'one-login-sandbox',
  upstream: UPSTREAM,
  companions: [IDENTITY_UPSTREAM],
  entry: SANDBOX_ENTRIES.oneLogin,
  async prepare() {
    const keys = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const kid = `rp-${randomBytes(6).toString('hex')}`;
    const clientId = `dwp-${randomBytes(8).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
    return {
      sandboxEnv: {
        [SANDBOX_ENV.oneLogin.clientId]: clientId,
        [SANDBOX_ENV.oneLogin.clientJwks]: JSON.stringify({ keys: [publicJwk] }),
      },
      gatewayEnv: (url) => ({
        [upstreamEnvNames(UPSTREAM).url]: url,
        [upstreamEnvNames(IDENTITY_UPSTREAM).url]: `${url}${IDENTITY_ISSUER_PATH.replace(/\/$/, '')}`,
      }),
      serviceEnv: (url) => ({
        [ONE_LOGIN_RELYING_PARTY]: {
          [ONE_LOGIN_RP_ENV.issuer]: `${url}/`,
          [ONE_LOGIN_RP_ENV.identityIssuer]: identityIssuerOf(`${url}/`),
          [ONE_LOGIN_RP_ENV.clientId]: clientId,
          [ONE_LOGIN_RP_ENV.signingKey]: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
          [ONE_LOGIN_RP_ENV.signingKid]: kid,
        },
      }),
    };
  },
});
