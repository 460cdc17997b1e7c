/**
 * The One Login client against One Login as its documentation describes it: a P2 identity from a
 * separate identity issuer is accepted, and each answer that fails one of the documented checks
 * of the ID token or the identity credential is refused, naming the claim. Then against the One
 * Login sandbox, end to end, through a stand-in for the external gateway's two routes.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { before, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { readAnswer, type CallOptions, type CallResult } from '@dwp/service-kit';
import { createOneLoginSandbox } from '@dwp/sandboxes';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { VerificationFailed } from '../errors.ts';
import {
  ADDRESS_CLAIM,
  CORE_IDENTITY_CLAIM,
  OneLoginClient,
  SCOPE,
  newAuthorizeRequest,
  oneLoginConfig,
  type ExternalGateway,
} from './one-login-client.ts';

const OIDC = 'https://oidc.integration.account.gov.uk/';
const IDENTITY = 'https://identity.integration.account.gov.uk/';
const DID = 'did:web:identity.integration.account.gov.uk';
const CLIENT_ID = 'dwp-client';
const SUB = 'urn:fdc:gov.uk:2022:kay';
const NOW_MS = Date.UTC(2026, 0, 12, 9, 30);
const JOURNEY = { nonce: 'nonce-1', codeVerifier: 'verifier-1' };
const VC = {
  type: ['VerifiableCredential', 'IdentityCheckCredential'],
  credentialSubject: {
    name: [{ nameParts: [{ type: 'FamilyName', value: 'Morgan' }] }],
    birthDate: [{ value: '1984-09-26' }],
  },
};

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The external gateway as identity-api sees it: answers by path, and a record of every path called. */
class FakeGateway implements ExternalGateway {
  readonly paths: string[] = [];
  readonly #answer: (opts: CallOptions) => Promise<Answer>;
  constructor(answer: (opts: CallOptions) => Promise<Answer>) {
    this.#answer = answer;
  }

  async call(service: string, opts: CallOptions): Promise<CallResult> {
    assert.equal(service, 'external-gateway');
    this.paths.push(opts.path);
    const a = await this.#answer(opts);
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    return {
      status: a.status,
      headers: { ...a.headers },
      read: (schema, o) => readAnswer(opts.path, async () => JSON.parse(text) as unknown, schema, o),
      text: async () => text,
    };
  }
}

const rp = generateKeyPairSync('rsa', { modulusLength: 2048 });
const config = (over: Record<string, string> = {}) =>
  oneLoginConfig.parse({
    ONE_LOGIN_ISSUER: OIDC,
    ONE_LOGIN_IDENTITY_ISSUER: IDENTITY,
    ONE_LOGIN_CLIENT_ID: CLIENT_ID,
    ONE_LOGIN_CLIENT_SIGNING_KEY: rp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ONE_LOGIN_CLIENT_SIGNING_KID: 'rp-1',
    PUBLIC_BASE_URL: 'http://localhost:8080',
    ...over,
  });

type Claims = Record<string, unknown>;
/** Claims with `over` laid on top; an `undefined` in `over` removes the claim. */
function claims(base: Claims, over: Claims): Claims {
  return Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, v]) => v !== undefined));
}

describe('the One Login client, against One Login as documented', () => {
  let tokenKey: CryptoKey;
  let identityKey: CryptoKey;
  let otherKey: CryptoKey;
  let tokenJwk: JWK;
  let identityJwk: JWK;
  /** What each test changes in the ID token and the credential One Login issues. */
  let idTokenOver: Claims;
  let credentialOver: Claims;
  let credentialKid: string;
  let didDocument: () => unknown;
  let didAnswers: boolean;
  let userinfoSub: string;
  let clock: FakeClock;
  let gateway: FakeGateway;
  let client: OneLoginClient;

  before(async () => {
    const token = await generateKeyPair('ES256', { extractable: true });
    const identity = await generateKeyPair('ES256', { extractable: true });
    tokenKey = token.privateKey;
    tokenJwk = { ...(await exportJWK(token.publicKey)), kid: 'id-key-1', alg: 'ES256', use: 'sig' };
    identityKey = identity.privateKey;
    identityJwk = await exportJWK(identity.publicKey);
    otherKey = (await generateKeyPair('ES256')).privateKey;
  });

  beforeEach(() => {
    clock = new FakeClock(NOW_MS);
    idTokenOver = {};
    credentialOver = {};
    const issuedAt = () => Math.floor(clock.now() / 1000);
    const idToken = () => {
      const now = issuedAt();
      const base = {
        iss: OIDC,
        sub: SUB,
        aud: CLIENT_ID,
        iat: now,
        exp: now + 120,
        nonce: JOURNEY.nonce,
        vot: 'Cl.Cm',
      };
      return claims(base, idTokenOver);
    };
    const credential = () => {
      const now = issuedAt();
      const base = {
        iss: IDENTITY,
        sub: SUB,
        aud: CLIENT_ID,
        nbf: now,
        iat: now,
        exp: now + 86_400,
        vot: 'P2',
        vc: VC,
      };
      return claims(base, credentialOver);
    };
    credentialKid = `${DID}#key-1`;
    didAnswers = true;
    userinfoSub = SUB;
    didDocument = () => ({
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: DID,
      assertionMethod: [{ type: 'JsonWebKey', id: `${DID}#key-1`, controller: DID, publicKeyJwk: identityJwk }],
    });
    gateway = new FakeGateway(async (opts) => {
      switch (opts.path) {
        case '/external/one-login/.well-known/openid-configuration':
          return {
            status: 200,
            body: {
              issuer: OIDC,
              authorization_endpoint: `${OIDC}authorize`,
              token_endpoint: `${OIDC}token`,
              userinfo_endpoint: `${OIDC}userinfo`,
            },
          };
        case '/external/one-login/.well-known/jwks.json':
          return { status: 200, body: { keys: [tokenJwk] } };
        case '/external/one-login/token':
          return {
            status: 200,
            body: {
              access_token: 'at-1',
              token_type: 'Bearer',
              id_token: await new SignJWT(idToken())
                .setProtectedHeader({ alg: 'ES256', kid: 'id-key-1' })
                .sign(tokenKey),
            },
          };
        case '/external/one-login/userinfo':
          return {
            status: 200,
            body: {
              sub: userinfoSub,
              [CORE_IDENTITY_CLAIM]: await new SignJWT(credential())
                .setProtectedHeader({ alg: 'ES256', kid: credentialKid })
                .sign(identityKey),
              [ADDRESS_CLAIM]: [{ uprn: 100023336956, postalCode: 'SW1A 2AA' }],
            },
          };
        case '/external/one-login-identity/.well-known/did.json':
          if (!didAnswers) return { status: 503, body: 'Service Unavailable' };
          return { status: 200, body: didDocument(), headers: { 'cache-control': 'max-age=3600, private' } };
        default:
          return { status: 404, body: { error: 'not_found' } };
      }
    });
    client = new OneLoginClient(config(), gateway, clock);
  });

  /** Asserts identityFor refuses, naming the token and claim that failed. */
  async function refuses(details: { token: string; claim?: string }): Promise<void> {
    await assert.rejects(client.identityFor('code-1', JOURNEY), (err: unknown) => {
      assert.ok(err instanceof VerificationFailed, String(err));
      assert.equal(err.code, 'IDENTITY_ERR_VERIFICATION_FAILED');
      assert.equal(err.statusCode, 400);
      assert.deepEqual(err.details, details);
      return true;
    });
  }

  it('accepts a P2 identity signed by the identity issuer, reading its DID document from that host', async () => {
    const identity = await client.identityFor('code-1', JOURNEY);
    assert.equal(identity.subject, SUB);
    assert.equal(identity.vot, 'P2');
    assert.deepEqual(identity.credential, VC);
    assert.ok(gateway.paths.includes('/external/one-login-identity/.well-known/did.json'));
    assert.ok(!gateway.paths.includes('/external/one-login/.well-known/did.json'), 'never from the OIDC host');
  });

  it('sends the request object alone, with response_type, scope and client_id repeated in the query', async () => {
    const url = new URL(await client.authorizeUrl(newAuthorizeRequest('citizen-p2')));
    assert.equal(`${url.origin}${url.pathname}`, `${OIDC}authorize`);
    assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request', 'response_type', 'scope']);
    const request = decodeJwt(url.searchParams.get('request')!);
    for (const name of ['response_type', 'scope', 'client_id'])
      assert.equal(request[name], url.searchParams.get(name), name);
    assert.equal(request.scope, SCOPE);
    assert.deepEqual([request.iss, request.aud], [CLIENT_ID, `${OIDC}authorize`]);
    assert.deepEqual(request.vtr, ['Cl.Cm.P2']);
  });

  describe('refuses an ID token', () => {
    it('without a sub', async () => {
      idTokenOver = { sub: undefined };
      await refuses({ token: 'id_token', claim: 'sub' });
    });

    it('with an empty sub', async () => {
      idTokenOver = { sub: '' };
      await refuses({ token: 'id_token', claim: 'sub' });
    });

    it('whose aud array does not name us', async () => {
      idTokenOver = { aud: ['another-client', 'a-third'] };
      await refuses({ token: 'id_token', claim: 'aud' });
    });

    it('from another issuer', async () => {
      idTokenOver = { iss: 'https://oidc.account.gov.uk/' };
      await refuses({ token: 'id_token', claim: 'iss' });
    });

    it('issued in the future', async () => {
      const now = Math.floor(NOW_MS / 1000);
      idTokenOver = { iat: now + 600, exp: now + 720 };
      await refuses({ token: 'id_token', claim: 'iat' });
    });

    it('that has expired, beyond the clock skew', async () => {
      const now = Math.floor(NOW_MS / 1000);
      idTokenOver = { iat: now - 300, exp: now - 61 };
      await refuses({ token: 'id_token', claim: 'exp' });
    });

    it('at a lower credential trust level than asked for (vot Cl)', async () => {
      idTokenOver = { vot: 'Cl' };
      await refuses({ token: 'id_token', claim: 'vot' });
    });

    it('that carries the identity level in vot', async () => {
      idTokenOver = { vot: 'Cl.Cm.P2' };
      await refuses({ token: 'id_token', claim: 'vot' });
    });

    it('that answers another request (nonce)', async () => {
      idTokenOver = { nonce: 'someone-elses' };
      await refuses({ token: 'id_token', claim: 'nonce' });
    });
  });

  it('accepts an ID token whose aud array names us, and one issued within the clock skew', async () => {
    idTokenOver = { aud: ['another-client', CLIENT_ID], iat: Math.floor(NOW_MS / 1000) + 30 };
    assert.equal((await client.identityFor('code-1', JOURNEY)).subject, SUB);
  });

  describe('refuses an identity credential', () => {
    it('that has expired', async () => {
      const now = Math.floor(NOW_MS / 1000);
      credentialOver = { iat: now - 90_000, nbf: now - 90_000, exp: now - 3_600 };
      await refuses({ token: 'identity_credential', claim: 'exp' });
    });

    it("whose sub is not the ID token's", async () => {
      credentialOver = { sub: 'urn:fdc:gov.uk:2022:someone-else' };
      await refuses({ token: 'identity_credential', claim: 'sub' });
    });

    it('from another issuer: the OIDC issuer with identity appended', async () => {
      credentialOver = { iss: `${OIDC}identity` };
      await refuses({ token: 'identity_credential', claim: 'iss' });
    });

    it('addressed to another client', async () => {
      credentialOver = { aud: 'another-client' };
      await refuses({ token: 'identity_credential', claim: 'aud' });
    });

    it('below P2', async () => {
      credentialOver = { vot: 'P1' };
      await refuses({ token: 'identity_credential', claim: 'vot' });
    });

    it("whose kid names a controller other than the DID document's id", async () => {
      credentialKid = 'did:web:identity.example#key-1';
      await refuses({ token: 'identity_credential', claim: 'kid' });
    });

    it('signed by a key the DID document does not hold', async () => {
      const genuine = identityKey;
      identityKey = otherKey;
      try {
        await refuses({ token: 'identity_credential' });
      } finally {
        identityKey = genuine;
      }
    });
  });

  it('refuses userinfo for another subject than the ID token', async () => {
    userinfoSub = 'urn:fdc:gov.uk:2022:someone-else';
    await refuses({ token: 'userinfo', claim: 'sub' });
  });

  it('keeps the DID document as its Cache-Control says, and reads it again for a key it lacks', async () => {
    const didReads = () => gateway.paths.filter((p) => p.endsWith('/did.json')).length;
    await client.identityFor('code-1', JOURNEY);
    await client.identityFor('code-2', JOURNEY);
    assert.equal(didReads(), 1, 'kept for max-age=3600');
    // One Login rotates: the new key appears in the document, and a credential signed with it.
    credentialKid = `${DID}#key-2`;
    didDocument = () => ({
      id: DID,
      assertionMethod: [{ type: 'JsonWebKey', id: `${DID}#key-2`, controller: DID, publicKeyJwk: identityJwk }],
    });
    await client.identityFor('code-3', JOURNEY);
    assert.equal(didReads(), 2);
    clock.tick(3_600_000);
    await client.identityFor('code-4', JOURNEY);
    assert.equal(didReads(), 3, 'read again once max-age has passed');
  });

  it('keeps trusting the DID document it has while the identity issuer does not answer', async () => {
    await client.identityFor('code-1', JOURNEY);
    didAnswers = false;
    clock.tick(3_600_000);
    assert.equal((await client.identityFor('code-2', JOURNEY)).vot, 'P2');
    const fresh = new OneLoginClient(config(), gateway, clock);
    await assert.rejects(fresh.identityFor('code-3', JOURNEY), /not answering \(503\)/);
  });
});

describe('the One Login client, against the One Login sandbox', () => {
  const REDIRECT = 'http://localhost:8080/api/identity/verify/callback';
  let client: OneLoginClient;
  let app: Awaited<ReturnType<typeof createOneLoginSandbox>>['app'];

  before(async () => {
    const jwk = { ...(await exportJWK(rp.publicKey)), kid: 'rp-1', alg: 'RS256' };
    ({ app } = await createOneLoginSandbox({
      client: { clientId: CLIENT_ID, jwks: { keys: [jwk] }, redirectUris: [REDIRECT] },
      logLevel: 'silent',
    }));
    // The external gateway's two routes: One Login's OIDC host, and its identity issuer's host.
    const gateway = new FakeGateway(async (opts): Promise<Answer> => {
      const path = opts.path
        .replace(/^\/external\/one-login-identity\//, '/identity-issuer/')
        .replace(/^\/external\/one-login\//, '/');
      const res = await app.inject({
        method: opts.method === 'POST' ? 'POST' : 'GET',
        url: path,
        headers: { ...opts.headers },
        ...(Buffer.isBuffer(opts.body) ? { payload: opts.body } : {}),
      });
      const cacheControl = res.headers['cache-control'];
      return {
        status: res.statusCode,
        body: res.body,
        headers: typeof cacheControl === 'string' ? { 'cache-control': cacheControl } : {},
      };
    });
    client = new OneLoginClient(
      config({
        ONE_LOGIN_ISSUER: 'http://localhost:80/',
        ONE_LOGIN_IDENTITY_ISSUER: 'http://localhost:80/identity-issuer/',
      }),
      gateway,
    );
  });

  /** The browser's leg: to the sandbox's authorize URL, and the code it sends back. */
  async function codeFor(hint: string) {
    const req = newAuthorizeRequest(hint);
    const url = new URL(await client.authorizeUrl(req));
    const res = await app.inject({ url: `${url.pathname}${url.search}` });
    assert.equal(res.statusCode, 302, res.body);
    const back = new URL(String(res.headers.location));
    assert.equal(back.searchParams.get('state'), req.state);
    return { code: back.searchParams.get('code')!, req };
  }

  it('verifies a citizen at P2, the credential from the sandbox identity issuer', async () => {
    const { code, req } = await codeFor('citizen-p2');
    const identity = await client.identityFor(code, req);
    assert.equal(identity.subject, 'urn:fdc:gov.uk:2022:sandbox-citizen-p2');
    assert.equal(identity.vot, 'P2');
    assert.ok(Array.isArray(identity.address));
  });

  it('refuses someone the sandbox cannot prove the identity of', async () => {
    const { code, req } = await codeFor('no-identity');
    await assert.rejects(client.identityFor(code, req), (err: unknown) => {
      assert.ok(err instanceof VerificationFailed);
      assert.match(err.message, /could not prove this identity/);
      return true;
    });
  });
});
