/**
 * The legacy GOV.UK Verify route (seed 000's `/external/gov-verify`), kept for relying parties that
 * still speak SAML 2.0. identity-api is the service provider: it sends an AuthnRequest to the IdP
 * through the external gateway, and verifies the signed response with node-saml (signatures on
 * the response and the assertion, issuer, audience, time window, InResponseTo against the requests
 * it sent, which it keeps in its table so any replica can check them).
 */
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { ENV, relyingPartyEnvNames } from '@dwp/platform';
import { UnavailableError, type ServiceClient } from '@dwp/service-kit';
import { z } from 'zod';
import type { Confidence, VerifiedClaims } from '../domain/verified-identity.ts';
import { publicBaseUrl } from '../public-base-url.ts';
import { VerificationFailed } from '../one-login/one-login-client.ts';
import type { IdentityStore } from '../store/identity-store.ts';

/** The runtime contract's names for the legacy GOV.UK Verify IdP's settings. */
const SAML_ENV = relyingPartyEnvNames('gov-verify');

export const samlConfig = z.object({
  /** PEM of the IdP's signing certificate. */
  [SAML_ENV.idpCert]: z.string().includes('BEGIN CERTIFICATE'),
  [SAML_ENV.idpEntityId]: z.string().min(1),
  /** This service provider's entity id: the audience the IdP's assertions must name. */
  SAML_SP_ENTITY_ID: z.string().min(1).default('https://identity-api.dwp.local/saml'),
  [ENV.publicBaseUrl]: publicBaseUrl,
});
export type SamlConfig = z.output<typeof samlConfig>;

/** GOV.UK Verify's level of assurance 2 ("identity is more likely than not"), GPG 45's medium: P2. */
export const LEVEL_2 = 'urn:uk:gov:cabinet-office:tc:saml:authn-context:level2';
/** How long an AuthnRequest waits for its response. */
export const REQUEST_TTL_S = 10 * 60;
const SSO_PATH = '/external/gov-verify/SAML2/SSO/POST';

export interface SamlIdentity {
  readonly confidence: Confidence;
  readonly claims: VerifiedClaims;
}

/** Where the AuthnRequest ids wait for their responses: identity-api's table. */
export type SamlRequestStore = Pick<IdentityStore, 'saveSamlRequest' | 'samlRequest' | 'removeSamlRequest'>;

function requestCache(store: SamlRequestStore): CacheProvider {
  return {
    saveAsync: (key, value) => store.saveSamlRequest(key, value, Math.floor(Date.now() / 1000) + REQUEST_TTL_S),
    getAsync: (key) => store.samlRequest(key),
    removeAsync: (key) => (key ? store.removeSamlRequest(key) : Promise.resolve(null)),
  };
}

/**
 * The ID of an AuthnRequest as node-saml writes it for the POST binding (base64 of the XML, not
 * deflated): the key its cache keeps the request under.
 */
export function authnRequestIdOf(samlRequest: string): string | undefined {
  const xml = Buffer.from(samlRequest, 'base64').toString('utf8');
  return /<(?:\w+:)?AuthnRequest\b[^>]*?\sID="([^"]+)"/.exec(xml)?.[1];
}

/** The identity a verified SAML profile asserts, from GOV.UK Verify's matching attributes. Pure. */
export function identityFromProfile(profile: Profile): SamlIdentity {
  const attr = (name: string): string | undefined => {
    const v = (profile as Record<string, unknown>)[name];
    return typeof v === 'string' && v ? v : undefined;
  };
  const xml = typeof profile.getAssertionXml === 'function' ? profile.getAssertionXml() : '';
  const level = /<(?:\w+:)?AuthnContextClassRef>\s*([^<\s]+)\s*</.exec(xml)?.[1];
  if (level !== LEVEL_2)
    throw new VerificationFailed(`the SAML assertion is at ${level ?? 'no'} level of assurance, not level 2`);
  const givenNames = attr('firstname')?.split(/\s+/) ?? [];
  const familyName = attr('surname');
  const birthDate = attr('dateofbirth');
  if (givenNames.length === 0 || !familyName || !birthDate)
    throw new VerificationFailed('the SAML assertion lacks a name or date of birth');
  const postcode = attr('currentaddress_postcode');
  return {
    confidence: 'P2',
    claims: {
      givenNames,
      familyName,
      birthDate,
      address: postcode ? { uprn: attr('currentaddress_uprn'), lines: [], postcode } : undefined,
    },
  };
}

export class SamlVerification {
  readonly #saml: SAML;
  readonly #services: Pick<ServiceClient, 'call'>;
  readonly #requests: SamlRequestStore;

  constructor(cfg: SamlConfig, store: SamlRequestStore, services: Pick<ServiceClient, 'call'>) {
    const acs = `${cfg.PUBLIC_BASE_URL.replace(/\/$/, '')}/api/identity/saml/acs`;
    this.#saml = new SAML({
      callbackUrl: acs,
      entryPoint: `https://gov-verify.invalid${SSO_PATH}`,
      issuer: cfg.SAML_SP_ENTITY_ID,
      audience: cfg.SAML_SP_ENTITY_ID,
      idpCert: cfg.GOV_VERIFY_IDP_CERT,
      idpIssuer: cfg.GOV_VERIFY_IDP_ENTITY_ID,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      acceptedClockSkewMs: 5000,
      authnRequestBinding: 'HTTP-POST',
      // The POST binding carries the request base64-encoded but not deflated (deflate is the Redirect binding's).
      skipRequestCompression: true,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_TTL_S * 1000,
      cacheProvider: requestCache(store),
      authnContext: [LEVEL_2],
    });
    this.#services = services;
    this.#requests = store;
  }

  /** Asks the IdP (through the external gateway) to authenticate a user, headless where the IdP allows. */
  async requestResponse(relayState: string, loginHint: string | undefined): Promise<string> {
    // Making the AuthnRequest records its ID for InResponseTo; an exchange that ends without a
    // response takes the record back, so a refused request leaves nothing behind.
    const message = await this.#saml.getAuthorizeMessageAsync(relayState);
    const samlRequest = String(message.SAMLRequest);
    try {
      return await this.#exchange(samlRequest, relayState, loginHint);
    } catch (err) {
      const id = authnRequestIdOf(samlRequest);
      // The record expires by itself (REQUEST_TTL_S): failing to remove it must not hide why the exchange failed.
      if (id) await this.#requests.removeSamlRequest(id).catch(() => null);
      throw err;
    }
  }

  async #exchange(samlRequest: string, relayState: string, loginHint: string | undefined): Promise<string> {
    const form = new URLSearchParams({
      SAMLRequest: samlRequest,
      RelayState: relayState,
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    const res = await this.#services.call('external-gateway', {
      method: 'POST',
      path: SSO_PATH,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: Buffer.from(form.toString()),
    });
    if (res.status >= 400 && res.status < 500) {
      throw new VerificationFailed('the GOV.UK Verify IdP refused the authentication request', {
        status: res.status,
        body: (await res.text()).slice(0, 300),
      });
    }
    if (res.status !== 200)
      throw new UnavailableError(`the GOV.UK Verify IdP did not answer (${res.status}); try again shortly`);
    const body = await res.read(z.object({ SAMLResponse: z.string().optional() }), {
      code: 'IDENTITY_ERR_SAML_IDP_BAD_ANSWER',
    });
    if (!body.SAMLResponse) throw new VerificationFailed('the IdP answered without a SAML response');
    return body.SAMLResponse;
  }

  /** @throws {VerificationFailed} when the response fails any check. */
  async verify(samlResponse: string): Promise<SamlIdentity> {
    let profile: Profile | null;
    try {
      ({ profile } = await this.#saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    } catch (err) {
      throw new VerificationFailed(`the SAML response is not valid: ${(err as Error).message}`);
    }
    if (!profile) throw new VerificationFailed('the SAML response carries no assertion');
    return identityFromProfile(profile);
  }
}
