/**
 * Reads a SAML 2.0 AuthnRequest and writes the IdP's Response: an assertion for a test user, the
 * assertion and then the whole response signed (enveloped XML-DSig, RSA-SHA256, exclusive C14N)
 * by xml-crypto with the IdP's certificate in KeyInfo, as SAML service providers expect.
 */
import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** GOV.UK Verify's level of assurance 2 (the identity verified to "substantial"). */
export const LEVEL_2_AUTHN_CONTEXT = 'urn:uk:gov:cabinet-office:tc:saml:authn-context:level2';
/** @default how long an assertion may be presented */
export const ASSERTION_LIFETIME_MS = 5 * 60_000;

export interface AuthnRequest {
  readonly id: string;
  /** The service provider's entity id: the assertion's audience. */
  readonly issuer: string;
  readonly assertionConsumerServiceUrl: string | undefined;
}

export class SamlRequestError extends Error {}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const newId = () => `_${randomBytes(20).toString('hex')}`;

/** Decodes a base64 `SAMLRequest` (HTTP-POST binding) and reads what the response needs. */
export function parseAuthnRequest(base64: string): AuthnRequest {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  if (!xml.trimStart().startsWith('<')) throw new SamlRequestError('SAMLRequest is not base64-encoded XML');
  const problems: string[] = [];
  // xmldom's types promise a document with a root element; XML it cannot read yields neither.
  const doc = new DOMParser({
    errorHandler: (level: string, msg: unknown) => {
      if (level !== 'warning') problems.push(String(msg));
    },
  }).parseFromString(xml, 'text/xml') as Document | undefined;
  const root = doc?.documentElement as Element | null | undefined;
  if (problems.length || !root) throw new SamlRequestError('SAMLRequest is not well-formed XML');
  if (root.localName !== 'AuthnRequest' || root.namespaceURI !== PROTOCOL)
    throw new SamlRequestError('SAMLRequest is not a SAML 2.0 AuthnRequest');
  const id = root.getAttribute('ID');
  const issuer = root.getElementsByTagNameNS(ASSERTION, 'Issuer')[0]?.textContent.trim();
  if (!id || !issuer) throw new SamlRequestError('the AuthnRequest needs an ID and an Issuer');
  const acs = root.getAttribute('AssertionConsumerServiceURL') || undefined;
  return { id, issuer, assertionConsumerServiceUrl: acs };
}

export interface SamlSubject {
  readonly persistentId: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface SignedResponseOptions {
  readonly idpEntityId: string;
  readonly request: AuthnRequest;
  readonly destination: string;
  readonly subject: SamlSubject;
  readonly signingKey: string;
  readonly signingCert: string;
  readonly now?: Date;
}

function sign(xml: string, elementName: 'Assertion' | 'Response', key: string, cert: string): string {
  const sig = new SignedXml({
    privateKey: key,
    publicCert: cert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: EXC_C14N,
  });
  const element = `/*[local-name(.)='${elementName}']`;
  const path = elementName === 'Response' ? element : `//*[local-name(.)='Response']${element}`;
  sig.addReference({
    xpath: path,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

export function signedResponse(o: SignedResponseOptions): string {
  const now = o.now ?? new Date();
  const instant = now.toISOString();
  const until = new Date(now.getTime() + ASSERTION_LIFETIME_MS).toISOString();
  const notBefore = new Date(now.getTime() - 30_000).toISOString();
  const responseId = newId();
  const assertionId = newId();
  const attributes = Object.entries(o.subject.attributes)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${escape(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue>${escape(value)}</saml:AttributeValue></saml:Attribute>`,
    )
    .join('');
  const assertion =
    `<saml:Assertion xmlns:saml="${ASSERTION}" ID="${assertionId}" Version="2.0" IssueInstant="${instant}">` +
    `<saml:Issuer>${escape(o.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escape(o.subject.persistentId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${escape(o.request.id)}" NotOnOrAfter="${until}" Recipient="${escape(o.destination)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escape(o.request.issuer)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${instant}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>${LEVEL_2_AUTHN_CONTEXT}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const response =
    `<samlp:Response xmlns:samlp="${PROTOCOL}" xmlns:saml="${ASSERTION}" ID="${responseId}" Version="2.0" IssueInstant="${instant}" Destination="${escape(o.destination)}" InResponseTo="${escape(o.request.id)}">` +
    `<saml:Issuer>${escape(o.idpEntityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  return sign(sign(response, 'Assertion', o.signingKey, o.signingCert), 'Response', o.signingKey, o.signingCert);
}
