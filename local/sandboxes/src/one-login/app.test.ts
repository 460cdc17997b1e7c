import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import {
  SignJWT,
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type CryptoKey,
} from 'jose';
import { z } from 'zod';
import { addressByUprn } from '../royal-mail/addresses.ts';
import { ADDRESS_CLAIM, CORE_IDENTITY_CLAIM, RETURN_CODE_CLAIM, createOneLoginSandbox } from './app.ts';

const CLIENT_ID = 'dwp-identity-api';
const REDIRECT = 'http://localhost:8080/api/identity/verify/callback';
const ISS = 'http://localhost:80/';
/** The shapes of the sandbox's answers the tests read. */
const publicJwk = z.looseObject({ kty: z.string() });
const discoveryAnswer = z.object({
  issuer: z.string(),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  claims_supported: z.array(z.string()),
});
const tokenAnswer = z.object({ id_token: z.string(), access_token: z.string() });
const jwksAnswer = z.object({ keys: z.array(publicJwk) });
const didAnswer = z.object({ assertionMethod: z.array(z.object({ publicKeyJwk: publicJwk })).min(1) });
const identityUserinfo = z.object({
  [CORE_IDENTITY_CLAIM]: z.string(),
  [ADDRESS_CLAIM]: z.array(z.object({ uprn: z.unknown() })).min(1),
});
const errorAnswer = z.object({ error: z.string() });
const oauthErrorAnswer = z.object({ error: z.string(), error_description: z.string().min(1) });

let rpKey: CryptoKey;
let app: Awaited<ReturnType<typeof createOneLoginSandbox>>['app'];

before(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  rpKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'rp-1', alg: 'RS256' };
  ({ app } = await createOneLoginSandbox({
    client: { clientId: CLIENT_ID, jwks: { keys: [jwk] }, redirectUris: [REDIRECT] },
    logLevel: 'silent',
  }));
});

const assertion = (aud: string) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'rp-1' })
    .setIssuer(CLIENT_ID)
    .setSubject(CLIENT_ID)
    .setAudience(aud)
    .setJti(randomUUID())
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(rpKey);

async function signIn(hint: string, vtr = '["Cl.Cm.P2"]') {
  const verifier = randomBytes(32).toString('base64url');
  const nonce = randomUUID();
  const requestObject = await new SignJWT({
    response_type: 'code',
    scope: 'openid email',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    state: 'st-1',
    nonce,
    vtr,
    claims: { userinfo: { [CORE_IDENTITY_CLAIM]: null, [ADDRESS_CLAIM]: null, [RETURN_CODE_CLAIM]: null } },
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    login_hint: hint,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'rp-1' })
    .setIssuer(CLIENT_ID)
    .setAudience(`${ISS}authorize`)
    .sign(rpKey);
  const q = new URLSearchParams({
    response_type: 'code',
    scope: 'openid',
    client_id: CLIENT_ID,
    request: requestObject,
  });
  const auth = await app.inject({ url: `/authorize?${q}` });
  assert.equal(auth.statusCode, 302, auth.body);
  const back = new URL(auth.headers.location as string);
  assert.equal(back.searchParams.get('state'), 'st-1');
  const code = back.searchParams.get('code')!;
  const token = await app.inject({
    method: 'POST',
    url: '/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion(`${ISS}token`),
      code_verifier: verifier,
    }).toString(),
  });
  return { token, nonce, code, verifier };
}

describe('GOV.UK One Login sandbox', () => {
  it('describes itself at the discovery endpoint', async () => {
    const d = discoveryAnswer.parse((await app.inject({ url: '/.well-known/openid-configuration' })).json());
    assert.equal(d.issuer, ISS);
    assert.deepEqual(d.token_endpoint_auth_methods_supported, ['private_key_jwt']);
    assert.ok(d.claims_supported.includes(CORE_IDENTITY_CLAIM));
  });

  it('runs the code flow headless: signed request object, PKCE, private_key_jwt, an ID token with the nonce', async () => {
    const { token, nonce } = await signIn('citizen-p2');
    assert.equal(token.statusCode, 200, token.body);
    const jwks = createLocalJWKSet(jwksAnswer.parse((await app.inject({ url: '/.well-known/jwks.json' })).json()));
    const { payload } = await jwtVerify(tokenAnswer.parse(token.json()).id_token, jwks, {
      issuer: ISS,
      audience: CLIENT_ID,
    });
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.vot, 'Cl.Cm');
  });

  it('returns a signed coreIdentityJWT with name and birth date, and an address whose UPRN the address sandbox knows, at P2', async () => {
    const { token } = await signIn('citizen-p2');
    const { access_token } = tokenAnswer.parse(token.json());
    const info = identityUserinfo.parse(
      (await app.inject({ url: '/userinfo', headers: { authorization: `Bearer ${access_token}` } })).json(),
    );
    const did = didAnswer.parse((await app.inject({ url: '/.well-known/did.json' })).json());
    const key = await importJWK(did.assertionMethod[0]!.publicKeyJwk, 'ES256');
    const { payload } = await jwtVerify(info[CORE_IDENTITY_CLAIM], key, { audience: CLIENT_ID });
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
    const uprn = info[ADDRESS_CLAIM][0]!.uprn;
    assert.ok(addressByUprn(String(uprn)));
  });

  it('answers a user who cannot prove their identity with a return code and no identity', async () => {
    const { token } = await signIn('no-identity');
    const { access_token } = tokenAnswer.parse(token.json());
    const info = (await app.inject({ url: '/userinfo', headers: { authorization: `Bearer ${access_token}` } })).json<
      Record<string, unknown>
    >();
    assert.equal(info[CORE_IDENTITY_CLAIM], undefined);
    assert.deepEqual(info[RETURN_CODE_CLAIM], [{ code: 'X' }]);
  });

  it('refuses a code used twice, and a token request without a valid client assertion', async () => {
    const { code, verifier } = await signIn('citizen-p2');
    const again = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await assertion(`${ISS}token`),
        code_verifier: verifier,
      }).toString(),
    });
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
    assert.equal(new URL(noNonce.headers.location as string).searchParams.get('error'), 'invalid_request');
    q.set('redirect_uri', 'https://evil.example/cb');
    assert.equal((await app.inject({ url: `/authorize?${q}` })).statusCode, 400);
  });

  it('shows a page of test users when no login_hint is given', async () => {
    const q = new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
      state: 's',
      nonce: 'n',
    });
    const page = await app.inject({ url: `/authorize?${q}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /citizen-p2/);
    assert.equal(decodeJwt(await assertion('x')).iss, CLIENT_ID);
  });
});
