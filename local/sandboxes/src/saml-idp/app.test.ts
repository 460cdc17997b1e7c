/** The IdP's signed responses verified as a relying party would: by @node-saml/node-saml. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SAML } from '@node-saml/node-saml';
import { createSigningCertificate } from '../pki/test-pki.ts';
import { SSO_PATH, createSamlIdpSandbox } from './app.ts';

const SP = 'https://identity.dwp.local/saml';
const ACS = 'http://localhost:8080/api/identity/saml/acs';
const IDP = 'https://idp.sandbox.local/metadata';
let dir: string;
let cert: string;
let app: ReturnType<typeof createSamlIdpSandbox>['app'];

const authnRequest = (id = '_req1', acs = ACS) =>
  Buffer.from(
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceURL="${acs}"><saml:Issuer>${SP}</saml:Issuer></samlp:AuthnRequest>`,
  ).toString('base64');

const sso = (form: Record<string, string>, accept = 'application/json') =>
  app.inject({
    method: 'POST',
    url: SSO_PATH,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    payload: new URLSearchParams(form).toString(),
  });

const verifier = (idpCert: string) =>
  new SAML({
    callbackUrl: ACS,
    entryPoint: 'https://idp.sandbox.local/sso',
    issuer: SP,
    audience: SP,
    idpCert,
    idpIssuer: IDP,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: 'never' as never,
  });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saml-idp-'));
  const pair = await createSigningCertificate(dir, 'saml idp test');
  cert = pair.cert;
  ({ app } = createSamlIdpSandbox({ signingKey: pair.key, signingCert: pair.cert, entityId: IDP, logLevel: 'silent' }));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SAML IdP sandbox', () => {
  it('answers an AuthnRequest with a response that a SAML library verifies: signature, audience, issuer and time window', async () => {
    const res = await sso({ SAMLRequest: authnRequest(), RelayState: 'rs-1', login_hint: 'citizen-p2' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ RelayState: string; SAMLResponse: string }>();
    assert.equal(body.RelayState, 'rs-1');
    const { profile } = await verifier(cert).validatePostResponseAsync({ SAMLResponse: body.SAMLResponse });
    assert.equal(profile?.nameID, 'urn:fdc:gov.uk:2022:sandbox-citizen-p2');
    // The first assertion has established that there is a profile.
    assert.equal(profile.surname, 'Morgan');
    assert.equal(profile.dateofbirth, '1984-09-26');
    assert.match(String(profile.currentaddress_uprn), /^\d+$/);
  });

  it('produces a response that fails verification against another certificate', async () => {
    const other = await createSigningCertificate(join(dir, 'other'), 'someone else');
    const body = (await sso({ SAMLRequest: authnRequest() })).json<{ SAMLResponse: string }>();
    await assert.rejects(verifier(other.cert).validatePostResponseAsync({ SAMLResponse: body.SAMLResponse }));
  });

  it('answers the HTTP-POST binding with an auto-submitting form to the service provider', async () => {
    const res = await sso({ SAMLRequest: authnRequest() }, 'text/html');
    assert.match(res.body, new RegExp(`action="${ACS}"`));
    assert.match(res.body, /name="SAMLResponse" value="[A-Za-z0-9+/=]+"/);
  });

  it('refuses a request that is not an AuthnRequest, or a user who cannot prove their identity, with a 4xx', async () => {
    assert.equal((await sso({ SAMLRequest: Buffer.from('<x/>').toString('base64') })).statusCode, 400);
    assert.equal((await sso({ SAMLRequest: 'not-base64-xml' })).statusCode, 400);
    assert.equal((await sso({})).statusCode, 400);
    assert.equal((await sso({ SAMLRequest: authnRequest(), login_hint: 'no-identity' })).statusCode, 403);
  });
});
