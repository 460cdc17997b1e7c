import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
  type JWK,
} from 'jose';
import { z } from 'zod';
import { addressByUprn } from '../royal-mail/addresses.ts';
import {
  ADDRESS_CLAIM,
  CORE_IDENTITY_CLAIM,
  IDENTITY_CREDENTIAL_TTL_S,
  RETURN_CODE_CLAIM,
  SIGN_IN_USER_PARAM,
  createOneLoginSandbox,
} from './app.ts';

const CLIENT_ID = 'dwp-identity-api';
const REDIRECT = 'http://localhost:8080/api/identity/verify/callback';
const ISS = 'http://localhost:80/';
const IDENTITY_ISS = 'http://localhost:80/identity-issuer/';
const SCOPE = 'openid email';
const ALL_CLAIMS = { userinfo: { [CORE_IDENTITY_CLAIM]: null, [ADDRESS_CLAIM]: null, [RETURN_CODE_CLAIM]: null } };
/** The shapes of the sandbox's answers the tests read. */
const publicJwk = z.looseObject({ kty: z.string() });
const discoveryAnswer = z.object({
  issuer: z.string(),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
  id_token_signing_alg_values_supported: z.array(z.string()),
  claims_supported: z.array(z.string()),
});
const tokenAnswer = z.object({ id_token: z.string(), access_token: z.string() });
const jwksAnswer = z.object({ keys: z.array(publicJwk) });
const didAnswer = z.object({
  id: z.string(),
  assertionMethod: z.array(z.object({ id: z.string(), controller: z.string(), publicKeyJwk: publicJwk })).min(1),
});
const identityUserinfo = z.object({
  [CORE_IDENTITY_CLAIM]: z.string(),
  [ADDRESS_CLAIM]: z.array(z.object({ uprn: z.unknown() })).min(1),
});
const userinfoAnswer = z.record(z.string(), z.unknown());
const errorAnswer = z.object({ error: z.string() });
const oauthErrorAnswer = z.object({ error: z.string(), error_description: z.string().min(1) });

type App = Awaited<ReturnType<typeof createOneLoginSandbox>>['app'];
let rpKey: CryptoKey;
let psKey: CryptoKey;
let ecKey: CryptoKey;
let app: App;
let rsaApp: App;

before(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const ps = await generateKeyPair('PS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  rpKey = pair.privateKey;
  psKey = ps.privateKey;
  ecKey = ec.privateKey;
  // The client's JWKS also holds an EC key, so only the algorithm rule can refuse what it signs.
  const keys: JWK[] = [
    { ...(await exportJWK(pair.publicKey)), kid: 'rp-1', alg: 'RS256' },
    { ...(await exportJWK(ps.publicKey)), kid: 'rp-ps', alg: 'PS256' },
    { ...(await exportJWK(ec.publicKey)), kid: 'rp-ec', alg: 'ES256' },
  ];
  const client = { clientId: CLIENT_ID, jwks: { keys }, redirectUris: [REDIRECT] };
  ({ app } = await createOneLoginSandbox({ client, logLevel: 'silent' }));
  ({ app: rsaApp } = await createOneLoginSandbox({ client: { ...client, idTokenAlg: 'RS256' }, logLevel: 'silent' }));
});

const assertion = (aud: string, alg: 'RS256' | 'ES256' = 'RS256') =>
  new SignJWT({})
    .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rp-1' : 'rp-ec' })
    .setIssuer(CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(aud)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(alg === 'RS256' ? rpKey : ecKey);

interface Journey {
  readonly nonce: string;
  readonly verifier: string;
}

/** A request object as identity-api signs it, with `overrides` (undefined removes a member). */
async function requestObject(j: Journey, overrides: Record<string, unknown> = {}, alg = 'RS256'): Promise<string> {
  const members: Record<string, unknown> = {
    response_type: 'code',
    scope: SCOPE,
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    state: 'st-1',
    nonce: j.nonce,
    vtr: ['Cl.Cm.P2'],
    claims: ALL_CLAIMS,
    code_challenge: createHash('sha256').update(j.verifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: 'citizen-p2',
    iss: CLIENT_ID,
    aud: `${ISS}authorize`,
    ...overrides,
  };
  const payload = Object.fromEntries(Object.entries(members).filter(([, v]) => v !== undefined));
  return new SignJWT(payload)
    .setProtectedHeader({ alg, kid: alg === 'ES256' ? 'rp-ec' : alg === 'PS256' ? 'rp-ps' : 'rp-1' })
    .sign(alg === 'ES256' ? ecKey : alg === 'PS256' ? psKey : rpKey);
}

const journey = (): Journey => ({ nonce: randomUUID(), verifier: randomBytes(32).toString('base64url') });

/** `/authorize` with a request object and the query beside it. */
function authorize(request: string, query: Record<string, string> = {}, on: App = app) {
  const q = new URLSearchParams({ response_type: 'code', scope: SCOPE, client_id: CLIENT_ID, request, ...query });
  return on.inject({ url: `/authorize?${q}` });
}

/** Where `/authorize` sent the browser back to, as parameters. */
function backTo(res: { statusCode: number; headers: Record<string, unknown>; body: string }): URLSearchParams {
  assert.equal(res.statusCode, 302, res.body);
  return new URL(String(res.headers.location)).searchParams;
}

async function redeem(code: string, j: Journey, on: App = app, aud = `${ISS}token`) {
  return on.inject({
    method: 'POST',
    url: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(aud),
      code_verifier: j.verifier,
    }).toString(),
  });
}

/** The whole headless flow: authorize with a request object, redeem the code, and read userinfo. */
async function signIn(overrides: Record<string, unknown> = {}, on: App = app) {
  const j = journey();
  const back = backTo(await authorize(await requestObject(j, overrides), {}, on));
  assert.equal(back.get('state'), 'st-1');
  const code = back.get('code')!;
  const token = await redeem(code, j, on);
  assert.equal(token.statusCode, 200, token.body);
  const tokens = tokenAnswer.parse(token.json());
  const info = userinfoAnswer.parse(
    (await on.inject({ url: '/userinfo', headers: { authorization: `Bearer ${tokens.access_token}` } })).json(),
  );
  return { ...j, code, tokens, info };
}

describe('GOV.UK One Login sandbox', () => {
  it('describes itself at the discovery endpoint: ES256 or RS256 ID tokens, RSA-signed client JWTs', async () => {
    const d = discoveryAnswer.parse((await app.inject({ url: '/.well-known/openid-configuration' })).json());
    assert.equal(d.issuer, ISS);
    assert.deepEqual(d.token_endpoint_auth_methods_supported, ['private_key_jwt']);
    assert.deepEqual(d.id_token_signing_alg_values_supported, ['ES256', 'RS256']);
    assert.deepEqual(d.token_endpoint_auth_signing_alg_values_supported, [
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ]);
    assert.ok(d.claims_supported.includes(CORE_IDENTITY_CLAIM));
  });

  it('runs the code flow headless: signed request object, PKCE, private_key_jwt, an ES256 ID token with the nonce and vot Cl.Cm', async () => {
    const { tokens, nonce } = await signIn();
    const jwks = createLocalJWKSet(jwksAnswer.parse((await app.inject({ url: '/.well-known/jwks.json' })).json()));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: ISS, audience: CLIENT_ID });
    assert.equal(protectedHeader.alg, 'ES256');
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.vot, 'Cl.Cm', 'the credential trust level only, without the identity level');
    assert.equal(
      payload.at_hash,
      createHash('sha256').update(tokens.access_token).digest().subarray(0, 16).toString('base64url'),
    );
  });

  it('signs the ID tokens of a client registered for RS256 with RS256', async () => {
    const { tokens } = await signIn({}, rsaApp);
    const jwks = createLocalJWKSet(jwksAnswer.parse((await rsaApp.inject({ url: '/.well-known/jwks.json' })).json()));
    const { protectedHeader } = await jwtVerify(tokens.id_token, jwks, { issuer: ISS, audience: CLIENT_ID });
    assert.equal(protectedHeader.alg, 'RS256');
  });

  it('returns a coreIdentityJWT with name and birth date, and an address whose UPRN the address sandbox knows, at P2', async () => {
    const { info } = await signIn();
    const identity = identityUserinfo.parse(info);
    const did = didAnswer.parse((await app.inject({ url: '/identity-issuer/.well-known/did.json' })).json());
    const key = await importJWK(did.assertionMethod[0]!.publicKeyJwk, 'ES256');
    const { payload } = await jwtVerify(identity[CORE_IDENTITY_CLAIM], key, { audience: CLIENT_ID });
    assert.equal(payload.vot, 'P2');
    const subject = (
      payload.vc as {
        credentialSubject: {
          name: Array<{ nameParts: Array<{ type: string; value: string }> }>;
          birthDate: Array<{ value: string }>;
        };
      }
    ).credentialSubject;
    assert.equal(subject.name[0]!.nameParts.at(-1)!.value, 'Morgan');
    assert.equal(subject.birthDate[0]!.value, '1984-09-26');
    assert.ok(addressByUprn(String(identity[ADDRESS_CLAIM][0]!.uprn)));
  });

  it('signs the coreIdentityJWT as its identity issuer, not its OIDC issuer, for a day', async () => {
    const { info, tokens } = await signIn();
    const credential = decodeJwt(identityUserinfo.parse(info)[CORE_IDENTITY_CLAIM]);
    assert.equal(credential.iss, IDENTITY_ISS);
    assert.notEqual(credential.iss, `${ISS}identity`);
    assert.equal(credential.sub, decodeJwt(tokens.id_token).sub);
    assert.equal(credential.exp! - credential.iat!, IDENTITY_CREDENTIAL_TTL_S);
    assert.equal(IDENTITY_CREDENTIAL_TTL_S, 86_400);
  });

  it("publishes the DID document on the identity issuer's host only, its method ids under its own id", async () => {
    const { info } = await signIn();
    const res = await app.inject({ url: '/identity-issuer/.well-known/did.json' });
    assert.match(String(res.headers['cache-control']), /max-age=\d+/);
    const did = didAnswer.parse(res.json());
    assert.equal(did.id, 'did:web:localhost%3A80:identity-issuer');
    for (const method of did.assertionMethod) {
      assert.equal(method.controller, did.id);
      assert.equal(method.id.split('#')[0], did.id);
    }
    const { kid } = decodeProtectedHeader(identityUserinfo.parse(info)[CORE_IDENTITY_CLAIM]);
    assert.ok(
      did.assertionMethod.some((m) => m.id === kid),
      `${kid} names a method of the DID document`,
    );
    assert.equal((await app.inject({ url: '/.well-known/did.json' })).statusCode, 404, 'not on the OIDC host');
  });

  it('answers a user who cannot prove their identity with a return code and no identity', async () => {
    const { info } = await signIn({ login_hint: 'no-identity' });
    assert.equal(info[CORE_IDENTITY_CLAIM], undefined);
    assert.deepEqual(info[RETURN_CODE_CLAIM], [{ code: 'X' }]);
  });

  it('returns only the userinfo claims that were asked for', async () => {
    const core = await signIn({ claims: { userinfo: { [CORE_IDENTITY_CLAIM]: null } } });
    assert.deepEqual(Object.keys(core.info).sort(), [CORE_IDENTITY_CLAIM, 'email', 'email_verified', 'sub'].sort());
    const none = await signIn({ claims: undefined });
    assert.deepEqual(Object.keys(none.info).sort(), ['email', 'email_verified', 'sub']);
    const noIdentity = await signIn({ login_hint: 'no-identity', claims: { userinfo: { [ADDRESS_CLAIM]: null } } });
    assert.deepEqual(Object.keys(noIdentity.info).sort(), ['email', 'email_verified', 'sub']);
  });

  it('gives no identity claims to a sign-in that asked for no identity level', async () => {
    const { info, tokens } = await signIn({ vtr: ['Cl.Cm'] });
    assert.deepEqual(Object.keys(info).sort(), ['email', 'email_verified', 'sub']);
    assert.equal(decodeJwt(tokens.id_token).vot, 'Cl.Cm');
  });

  it("reads a request object's claims given as a JSON string as well as an object", async () => {
    const { info } = await signIn({ claims: JSON.stringify({ userinfo: { [CORE_IDENTITY_CLAIM]: null } }) });
    assert.equal(typeof info[CORE_IDENTITY_CLAIM], 'string');
    assert.equal(info[ADDRESS_CLAIM], undefined);
  });

  it('takes the parameters from the request object alone, never from the query beside it', async () => {
    const j = journey();
    // The query's nonce, login_hint and claims do not fill in for the request object's.
    const noNonce = await requestObject(j, { nonce: undefined });
    const back = backTo(await authorize(noNonce, { nonce: 'from-the-query' }));
    assert.deepEqual([back.get('error'), back.get('state')], ['invalid_request', 'st-1']);
    assert.match(back.get('error_description')!, /nonce/);

    const plain = await requestObject(j, { claims: undefined });
    const code = backTo(
      await authorize(plain, {
        login_hint: 'no-identity',
        claims: JSON.stringify(ALL_CLAIMS),
        redirect_uri: 'http://localhost:9999/elsewhere',
      }),
    );
    assert.equal(code.get('error'), null);
    const tokens = tokenAnswer.parse((await redeem(code.get('code')!, j)).json());
    assert.equal(decodeJwt(tokens.id_token).sub, 'urn:fdc:gov.uk:2022:sandbox-citizen-p2', "the object's login_hint");
    const info = userinfoAnswer.parse(
      (await app.inject({ url: '/userinfo', headers: { authorization: `Bearer ${tokens.access_token}` } })).json(),
    );
    assert.equal(info[CORE_IDENTITY_CLAIM], undefined, 'no claims asked for in the object');
  });

  it("refuses a request object whose client_id, response_type or scope differ from the query's", async () => {
    const j = journey();
    const otherClient = backTo(await authorize(await requestObject(j, { client_id: 'someone-else' })));
    assert.equal(otherClient.get('error'), 'unauthorized_client');
    const otherScope = backTo(await authorize(await requestObject(j), { scope: 'openid' }));
    assert.equal(otherScope.get('error'), 'invalid_request');
    assert.match(otherScope.get('error_description')!, /scope/);
    const wrongAudience = backTo(await authorize(await requestObject(j, { aud: `${ISS}token` })));
    assert.equal(wrongAudience.get('error'), 'access_denied');
    const wrongIssuer = backTo(await authorize(await requestObject(j, { iss: 'someone-else' })));
    assert.equal(wrongIssuer.get('error'), 'unauthorized_client');
  });

  it('accepts request objects and client assertions signed RS256 or PS256, and refuses ES256', async () => {
    const j = journey();
    assert.ok(backTo(await authorize(await requestObject(j, {}, 'PS256'))).get('code'));
    const ec = await authorize(await requestObject(j, {}, 'ES256'));
    assert.equal(ec.statusCode, 400);
    assert.equal(errorAnswer.parse(ec.json()).error, 'invalid_request');

    const code = backTo(await authorize(await requestObject(j))).get('code')!;
    const res = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(`${ISS}token`, 'ES256'),
        code_verifier: j.verifier,
      }).toString(),
    });
    assert.equal(res.statusCode, 401);
    assert.equal(errorAnswer.parse(res.json()).error, 'invalid_client');
  });

  it('accepts a client assertion addressed to the issuer as well as to the token endpoint', async () => {
    const j = journey();
    const code = backTo(await authorize(await requestObject(j))).get('code')!;
    assert.equal((await redeem(code, j, app, ISS)).statusCode, 200);
  });

  it('refuses an identity level without medium authentication (Cl.P2)', async () => {
    const back = backTo(await authorize(await requestObject(journey(), { vtr: ['Cl.P2'] })));
    assert.deepEqual([back.get('error'), back.get('error_description')], ['invalid_request', 'Request vtr not valid']);
  });

  it('refuses a code used twice, and a token request without a valid client assertion', async () => {
    const { code, nonce, verifier } = await signIn();
    const again = await redeem(code, { nonce, verifier });
    assert.equal(errorAnswer.parse(again.json()).error, 'invalid_grant');
    const noAuth = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=authorization_code&code=x',
    });
    assert.equal(noAuth.statusCode, 400);
  });

  it('answers a malformed /token body with 400 invalid_request (RFC 6749 section 5.2)', async () => {
    const bodies: Array<{ type: string; payload: string }> = [
      { type: 'application/json', payload: 'null' },
      { type: 'application/json', payload: '["grant_type","authorization_code"]' },
      { type: 'application/json', payload: '"grant_type=authorization_code"' },
      { type: 'application/json', payload: '{"grant_type":["authorization_code"],"code":"x"}' },
      { type: 'application/json', payload: '{"grant_type":"authorization_code","code":{"x":1}}' },
      { type: 'application/x-www-form-urlencoded', payload: 'code=x&redirect_uri=y' },
    ];
    for (const { type, payload } of bodies) {
      const res = await app.inject({ method: 'POST', url: '/token', headers: { 'content-type': type }, payload });
      assert.equal(res.statusCode, 400, `${payload}: ${res.body}`);
      assert.equal(oauthErrorAnswer.parse(res.json()).error, 'invalid_request', payload);
    }
  });

  it('refuses a repeated /authorize parameter outright', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
    });
    q.append('state', 'a');
    q.append('state', 'b');
    const res = await app.inject({ url: `/authorize?${q}` });
    assert.equal(res.statusCode, 400);
    assert.equal(errorAnswer.parse(res.json()).error, 'invalid_request');
  });

  it('sends errors back to the relying party, and refuses an unregistered redirect outright', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      state: 's',
      vtr: '["Cl.Cm.P2"]',
      login_hint: 'citizen-p2',
    });
    const noNonce = await app.inject({ url: `/authorize?${q}` });
    assert.equal(backTo(noNonce).get('error'), 'invalid_request');
    q.set('redirect_uri', 'https://evil.example/cb');
    assert.equal((await app.inject({ url: `/authorize?${q}` })).statusCode, 400);
    const forged = await requestObject(journey(), { redirect_uri: 'https://evil.example/cb' });
    assert.equal((await authorize(forged)).statusCode, 400);
  });

  it('shows a page of test users when no login_hint is given, whose links sign the chosen user in', async () => {
    const j = journey();
    const page = await authorize(await requestObject(j, { login_hint: undefined }));
    assert.equal(page.statusCode, 200);
    const links = [...page.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const link = links.find((l) => l.includes(`${SIGN_IN_USER_PARAM}=citizen-p2`));
    assert.ok(link, page.body);
    const code = backTo(await app.inject({ url: link })).get('code')!;
    const tokens = tokenAnswer.parse((await redeem(code, j)).json());
    assert.equal(decodeJwt(tokens.id_token).sub, 'urn:fdc:gov.uk:2022:sandbox-citizen-p2');
  });
});
