/**
 * The identity upstreams through the external gateway as real processes: identity-api's GOV.UK
 * One Login flow (discovery, token with private_key_jwt, userinfo with the coreIdentityJWT) and
 * the legacy SAML route to the IdP sandbox, whose signed response identity-api can verify with
 * the certificate the runtime hands it. Other services are refused.
 */
import assert from 'node:assert/strict';
import { createHash, createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SAML } from '@node-saml/node-saml';
import type { PlannedStandIn, StandIn } from '@dwp/dev-runtime';
import { ADDRESS_CLAIM, CORE_IDENTITY_CLAIM, addressByUprn } from '@dwp/sandboxes';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { ONE_LOGIN_RP_ENV, SAML_SP_ENV, oneLoginSandbox, samlIdpSandbox } from '@dwp/dev-runtime';
import { startExternalGateway, type ExternalGatewayHarness } from './external-gateway-harness.ts';
import { ifAssigned } from './fixtures/hooks.ts';

const REDIRECT = 'http://localhost:8080/api/identity/verify/callback';
const SP = 'https://identity-api.dwp.local/saml';
const ACS = 'http://localhost:8080/api/identity/saml/acs';

/** Keeps what a stand-in planned, so the test can read what identity-api would be given. */
function capture(standIn: StandIn): { standIn: StandIn; planned: () => PlannedStandIn } {
  let planned: PlannedStandIn | undefined;
  return {
    standIn: { name: standIn.name, plan: async (ctx) => (planned = await standIn.plan(ctx)) },
    planned: () => planned!,
  };
}

describe('external gateway with the One Login and SAML IdP sandboxes', () => {
  let h: ExternalGatewayHarness;
  const oneLogin = capture(oneLoginSandbox);
  const saml = capture(samlIdpSandbox);
  let rp: Readonly<Record<string, string>>;
  let sp: Readonly<Record<string, string>>;

  before(async () => {
    h = await startExternalGateway({ standIns: [oneLogin.standIn, saml.standIn] });
    rp = oneLogin.planned().envFor!('identity-api');
    sp = saml.planned().envFor!('identity-api');
  });

  after(async () => {
    await ifAssigned(h)?.stop();
  });

  it('lets identity-api verify a citizen with One Login at P2 through the gateway, headless', async () => {
    const issuer = rp[ONE_LOGIN_RP_ENV.issuer]!;
    const clientId = rp[ONE_LOGIN_RP_ENV.clientId]!;
    const key = createPrivateKey(rp[ONE_LOGIN_RP_ENV.signingKey]!);
    const kid = rp[ONE_LOGIN_RP_ENV.signingKid]!;

    const discovery = await h.call('identity-api', '/external/one-login/.well-known/openid-configuration');
    assert.equal(discovery.status, 200);
    const config = (await discovery.json()) as {
      issuer: string;
      authorization_endpoint: string;
      token_endpoint: string;
    };
    assert.equal(config.issuer, issuer);

    // The browser's leg goes to One Login itself; login_hint stands in for the person signing in.
    const verifier = randomBytes(32).toString('base64url');
    const nonce = randomUUID();
    const request = await new SignJWT({
      response_type: 'code',
      scope: 'openid',
      client_id: clientId,
      redirect_uri: REDIRECT,
      state: 's-1',
      nonce,
      vtr: '["Cl.Cm.P2"]',
      claims: { userinfo: { [CORE_IDENTITY_CLAIM]: null, [ADDRESS_CLAIM]: null } },
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      login_hint: 'citizen-p2',
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(clientId)
      .setAudience(config.authorization_endpoint)
      .sign(key);
    const authorize = await fetch(
      `${config.authorization_endpoint}?${new URLSearchParams({ response_type: 'code', scope: 'openid', client_id: clientId, request })}`,
      { redirect: 'manual' },
    );
    assert.equal(authorize.status, 302);
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;

    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(config.token_endpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    const token = await h.call('identity-api', '/external/one-login/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        code_verifier: verifier,
      }).toString(),
    });
    assert.equal(token.status, 200);
    const tokens = (await token.json()) as { access_token: string; id_token: string };
    const jwks = createLocalJWKSet(
      (await (await h.call('identity-api', '/external/one-login/.well-known/jwks.json')).json()) as { keys: [] },
    );
    assert.equal((await jwtVerify(tokens.id_token, jwks, { issuer, audience: clientId })).payload.nonce, nonce);

    const userinfo = await h.call('identity-api', '/external/one-login/userinfo', {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(userinfo.status, 200);
    const info = (await userinfo.json()) as Record<string, unknown>;
    // The identity credential's keys are on the identity issuer's own host, its own route.
    const did = (await (await h.call('identity-api', '/external/one-login-identity/.well-known/did.json')).json()) as {
      assertionMethod: Array<{ publicKeyJwk: Record<string, string> }>;
    };
    const identity = await jwtVerify(
      info[CORE_IDENTITY_CLAIM] as string,
      await importJWK(did.assertionMethod[0]!.publicKeyJwk, 'ES256'),
      { audience: clientId, issuer: rp[ONE_LOGIN_RP_ENV.identityIssuer]! },
    );
    assert.equal(identity.payload.vot, 'P2');
    const address = (info[ADDRESS_CLAIM] as Array<{ uprn: number }>)[0]!;
    assert.ok(addressByUprn(String(address.uprn)));
  });

  it('passes a SAML AuthnRequest to the IdP and returns a signed response that identity-api verifies', async () => {
    const authn = Buffer.from(
      `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceURL="${ACS}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`,
    ).toString('base64');
    const res = await h.call('identity-api', '/external/gov-verify/SAML2/SSO/POST', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ SAMLRequest: authn, RelayState: 'r-1', login_hint: 'citizen-p2' }).toString(),
    });
    assert.equal(res.status, 200);
    const { SAMLResponse } = (await res.json()) as { SAMLResponse: string };
    const verifierSp = new SAML({
      callbackUrl: ACS,
      entryPoint: 'https://idp.invalid/sso',
      issuer: SP,
      audience: SP,
      idpCert: sp[SAML_SP_ENV.idpCert]!,
      idpIssuer: sp[SAML_SP_ENV.idpEntityId]!,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      validateInResponseTo: 'never' as never,
    });
    const { profile } = await verifierSp.validatePostResponseAsync({ SAMLResponse });
    assert.equal(profile?.surname, 'Morgan');
  });

  it('refuses the identity upstreams to every service but identity-api, and GET on the SAML route', async () => {
    for (const caller of ['claims-api', 'benefits-api', 'address-api', 'citizen-api']) {
      assert.equal((await h.call(caller, '/external/one-login/.well-known/openid-configuration')).status, 403, caller);
      assert.equal((await h.call(caller, '/external/one-login-identity/.well-known/did.json')).status, 403, caller);
      assert.equal(
        (
          await h.call(caller, '/external/gov-verify/SAML2/SSO/POST', {
            method: 'POST',
            body: 'SAMLRequest=x',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).status,
        403,
        caller,
      );
    }
    assert.equal((await h.call('identity-api', '/external/gov-verify/SAML2/metadata')).status, 405);
  });
});
