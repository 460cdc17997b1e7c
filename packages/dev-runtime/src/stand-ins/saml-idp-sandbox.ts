/**
 * The SAML 2.0 IdP sandbox for the legacy GOV.UK Verify route. Each run makes a throwaway signing
 * certificate (openssl); identity-api, the service provider that verifies the responses, gets the
 * certificate and the IdP's entity id.
 */
import { join } from 'node:path';
import { relyingPartyEnvNames, upstreamEnvNames } from '@dwp/platform';
import { METADATA_PATH, SANDBOX_ENTRIES, SANDBOX_ENV, createSigningCertificate } from '@dwp/sandboxes';
import { sandboxStandIn } from './sandbox-stand-in.ts';

const UPSTREAM = 'gov-verify';
export const SAML_SERVICE_PROVIDER = 'identity-api';

/** What the service provider (identity-api) is given to verify the IdP's responses: the contract's names. */
export const SAML_SP_ENV = relyingPartyEnvNames(UPSTREAM);

export const samlIdpSandbox = sandboxStandIn({
  name: 'saml-idp-sandbox',
  upstream: UPSTREAM,
  entry: SANDBOX_ENTRIES.samlIdp,
  async prepare(ctx) {
    const signing = await createSigningCertificate(
      join(ctx.dataDir, 'sandboxes', 'saml-idp'),
      'DWP local SAML IdP sandbox (throwaway)',
    );
    const names = upstreamEnvNames(UPSTREAM);
    return {
      sandboxEnv: {
        [SANDBOX_ENV.samlIdp.signingCertFile]: signing.certFile,
        [SANDBOX_ENV.samlIdp.signingKeyFile]: signing.keyFile,
      },
      gatewayEnv: (url) => ({ [names.url]: url }),
      serviceEnv: (url) => ({
        [SAML_SERVICE_PROVIDER]: {
          [SAML_SP_ENV.idpCert]: signing.cert,
          [SAML_SP_ENV.idpEntityId]: `${url}${METADATA_PATH}`,
        },
      }),
    };
  },
});
