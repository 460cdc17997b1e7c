/**
 * A SAML 2.0 identity provider sandbox for the legacy GOV.UK Verify route (`/external/gov-verify`):
 *   POST /SAML2/SSO/POST   HTTP-POST binding: form fields SAMLRequest (base64 AuthnRequest),
 *                          RelayState, and (sandbox only) login_hint to pick the test user.
 *                          Answers the binding's auto-submitting HTML form carrying a signed
 *                          SAMLResponse, or JSON {SAMLResponse, RelayState, destination} when the
 *                          caller prefers application/json (headless relying parties and tests).
 *   GET  /SAML2/metadata   the IdP's metadata with its signing certificate.
 * Test users are the One Login sandbox's, with the same names, birth dates and UPRNs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createSandboxApp, sendError, type Sandbox } from '../kit/sandbox-app.ts';
import { ONE_LOGIN_USERS, userByHint, type OneLoginUser } from '../one-login/users.ts';
import { SamlRequestError, parseAuthnRequest, signedResponse } from './saml-response.ts';

export const SSO_PATH = '/SAML2/SSO/POST';
export const METADATA_PATH = '/SAML2/metadata';
export const DEFAULT_SAML_USER = 'citizen-p2';

export interface SamlIdpSandboxOptions {
  readonly signingKey: string;
  readonly signingCert: string;
  /** @default `<sandbox URL>/SAML2/metadata` */
  readonly entityId?: string;
  readonly logLevel?: string;
}

const errorBody = (status: number, message: string) => ({
  status:
    status < 500 ? 'urn:oasis:names:tc:SAML:2.0:status:Requester' : 'urn:oasis:names:tc:SAML:2.0:status:Responder',
  message,
});
const errors = { errorBody };
const ssoForm = z.object({
  SAMLRequest: z.string().min(1).max(100_000),
  RelayState: z.string().max(80).optional(),
  login_hint: z.string().optional(),
});
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The attributes the IdP asserts, as GOV.UK Verify's matching dataset named them. */
export function verifyAttributes(u: OneLoginUser): Record<string, string> {
  return {
    firstname: u.givenNames.join(' '),
    surname: u.familyName,
    dateofbirth: u.birthDate,
    currentaddress_uprn: u.address.UPRN,
    currentaddress_postcode: u.address.POSTCODE,
  };
}

export function createSamlIdpSandbox(opts: SamlIdpSandboxOptions): Sandbox {
  const sandbox = createSandboxApp({
    name: 'saml-idp',
    errorBody,
    ...(opts.logLevel ? { logLevel: opts.logLevel } : {}),
  });
  const app: FastifyInstance = sandbox.app;
  const certBody = opts.signingCert.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const entityIdOf = (host: string, protocol: string) => opts.entityId ?? `${protocol}://${host}${METADATA_PATH}`;

  app.get(METADATA_PATH, async (request, reply) => {
    const entityId = entityIdOf(request.host, request.protocol);
    const sso = `${request.protocol}://${request.host}${SSO_PATH}`;
    return reply
      .type('application/samlmetadata+xml')
      .send(
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escape(entityId)}"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escape(sso)}"/></md:IDPSSODescriptor></md:EntityDescriptor>`,
      );
  });

  app.post(SSO_PATH, async (request, reply) => {
    const parsed = ssoForm.safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(
        errors,
        reply,
        400,
        'send a form-encoded body with SAMLRequest (base64) and optionally RelayState',
      );
    let authn;
    try {
      authn = parseAuthnRequest(parsed.data.SAMLRequest);
    } catch (err) {
      if (err instanceof SamlRequestError) return sendError(errors, reply, 400, err.message);
      throw err;
    }
    if (!authn.assertionConsumerServiceUrl)
      return sendError(errors, reply, 400, 'the AuthnRequest needs an AssertionConsumerServiceURL');
    const hint = parsed.data.login_hint ?? DEFAULT_SAML_USER;
    const user = userByHint(hint);
    if (!user)
      return sendError(
        errors,
        reply,
        400,
        `no test user "${hint}"; choose one of ${ONE_LOGIN_USERS.map((u) => u.hint).join(', ')}`,
      );
    if (!user.identity) return sendError(errors, reply, 403, `${hint} cannot prove their identity`);
    const xml = signedResponse({
      idpEntityId: entityIdOf(request.host, request.protocol),
      request: authn,
      destination: authn.assertionConsumerServiceUrl,
      subject: { persistentId: user.sub, attributes: verifyAttributes(user) },
      signingKey: opts.signingKey,
      signingCert: opts.signingCert,
    });
    const SAMLResponse = Buffer.from(xml).toString('base64');
    const relay = parsed.data.RelayState;
    if ((request.headers.accept ?? '').includes('application/json'))
      return { SAMLResponse, ...(relay ? { RelayState: relay } : {}), destination: authn.assertionConsumerServiceUrl };
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="en"><body onload="document.forms[0].submit()"><form method="post" action="${escape(authn.assertionConsumerServiceUrl)}"><input type="hidden" name="SAMLResponse" value="${SAMLResponse}">${relay ? `<input type="hidden" name="RelayState" value="${escape(relay)}">` : ''}<noscript><button type="submit">Continue</button></noscript></form></body></html>`,
      );
  });

  return sandbox;
}
