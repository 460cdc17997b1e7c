/** identity-api's SAML checks against responses signed the way the IdP sandbox signs them. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSigningCertificate, signedResponse, userByHint, verifyAttributes, type PemPair } from '@dwp/sandboxes';
import { SamlVerification, type SamlRequestStore } from './saml-verification.ts';

const IDP = 'https://idp.sandbox.local/metadata';
const SP = 'https://identity-api.dwp.local/saml';
const ACS = 'http://localhost:8080/api/identity/saml/acs';
const kay = userByHint('citizen-p2')!;

/** The request-id cache node-saml checks InResponseTo against, in memory. */
function memoryStore() {
  const ids = new Map<string, string>();
  const store: SamlRequestStore = {
    saveSamlRequest: async (id, value) => {
      ids.set(id, value);
      return { value, createdAt: Date.now() };
    },
    samlRequest: async (id: string) => ids.get(id) ?? null,
    removeSamlRequest: async (id: string) => {
      const v = ids.get(id) ?? null;
      ids.delete(id);
      return v;
    },
  };
  return { store, ids, sent: (id: string) => ids.set(id, new Date().toISOString()) };
}

describe('SAML response verification', () => {
  let dir: string;
  let idp: PemPair;
  let rogue: PemPair;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saml-'));
    idp = await createSigningCertificate(join(dir, 'idp'), 'idp.sandbox.local');
    rogue = await createSigningCertificate(join(dir, 'rogue'), 'rogue.example');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function setup() {
    const { store, sent } = memoryStore();
    const saml = new SamlVerification(
      {
        GOV_VERIFY_IDP_CERT: idp.cert,
        GOV_VERIFY_IDP_ENTITY_ID: IDP,
        SAML_SP_ENTITY_ID: SP,
        PUBLIC_BASE_URL: 'http://localhost:8080',
      },
      store,
      {
        call: () => Promise.reject(new Error('these checks never ask the IdP')),
      },
    );
    return { saml, sent };
  }

  const response = (o: { id?: string; audience?: string; signer?: PemPair; now?: Date } = {}) =>
    Buffer.from(
      signedResponse({
        idpEntityId: IDP,
        request: { id: o.id ?? '_req-1', issuer: o.audience ?? SP, assertionConsumerServiceUrl: ACS },
        destination: ACS,
        subject: { persistentId: kay.sub, attributes: verifyAttributes(kay) },
        signingKey: (o.signer ?? idp).key,
        signingCert: (o.signer ?? idp).cert,
        ...(o.now ? { now: o.now } : {}),
      }),
    ).toString('base64');

  it('accepts a response the IdP signed for a request it was sent, at level 2', async () => {
    const { saml, sent } = setup();
    sent('_req-1');
    const identity = await saml.verify(response());
    assert.equal(identity.confidence, 'P2');
    assert.deepEqual(
      [identity.claims.givenNames, identity.claims.familyName, identity.claims.birthDate],
      [['Kay', 'Elizabeth'], 'Morgan', '1984-09-26'],
    );
  });

  it('refuses a response signed by another key', async () => {
    const { saml, sent } = setup();
    sent('_req-1');
    await assert.rejects(saml.verify(response({ signer: rogue })), { code: 'IDENTITY_ERR_VERIFICATION_FAILED' });
  });

  it('refuses an assertion for another audience', async () => {
    const { saml, sent } = setup();
    sent('_req-1');
    await assert.rejects(saml.verify(response({ audience: 'https://someone-else.example/saml' })), /not valid/);
  });

  it('refuses an assertion past its time window', async () => {
    const { saml, sent } = setup();
    sent('_req-1');
    await assert.rejects(saml.verify(response({ now: new Date(Date.now() - 60 * 60_000) })), /not valid/);
  });

  it('forgets the request it sent when the IdP refuses it, so a refused verification writes nothing', async () => {
    const { store, ids } = memoryStore();
    const saml = new SamlVerification(
      {
        GOV_VERIFY_IDP_CERT: idp.cert,
        GOV_VERIFY_IDP_ENTITY_ID: IDP,
        SAML_SP_ENTITY_ID: SP,
        PUBLIC_BASE_URL: 'http://localhost:8080',
      },
      store,
      {
        call: async () => ({
          status: 400,
          headers: {},
          text: async () => '{"status":"urn:oasis:names:tc:SAML:2.0:status:Requester","message":"no test user"}',
          read: () => Promise.reject(new Error('a refusal is not read')),
        }),
      },
    );
    await assert.rejects(saml.requestResponse('relay-1', 'nobody'), { code: 'IDENTITY_ERR_VERIFICATION_FAILED' });
    assert.deepEqual([...ids.keys()], [], 'no AuthnRequest id is left waiting for a response');
  });

  it('refuses a response to a request it never sent, and the same response twice', async () => {
    const { saml, sent } = setup();
    await assert.rejects(saml.verify(response({ id: '_never-sent' })), /not valid/);
    sent('_req-1');
    const once = response();
    await saml.verify(once);
    await assert.rejects(saml.verify(once), /not valid/);
  });
});
