/**
 * A new citizen's first steps through the public entry of a running platform: sign up, confirm,
 * sign in, verify their identity with GOV.UK One Login (the sandbox) at P2, and see it; then who
 * may see whose verification.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextSecurityCode, seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { SERVICE_TOKEN_HEADER, ServiceTokenSigner } from '@dwp/service-kit';
import { importJWK } from 'jose';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const PASSWORD = 'Verify-me-2026!';

describe('a citizen signs up, signs in and verifies their identity', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  const api = (
    path: string,
    init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${platform.entryUrl}/api${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      redirect: 'manual',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });

  async function register(username: string): Promise<string> {
    const up = await api('/identity/sign-up', {
      body: { username, password: PASSWORD, email: `${username}@example.com` },
    });
    assert.equal(up.status, 201);
    const pool = platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { code } = (await (await fetch(`${pool}/__local/confirmation-codes/${username}`)).json()) as { code: string };
    assert.equal((await api('/identity/confirm', { body: { username, code } })).status, 200);
    return (await signIn(platform.entryUrl, { username, password: PASSWORD })).accessToken;
  }

  /** Starts verification and plays the browser: to One Login and back to the callback. */
  async function verify(token: string, loginHint: string): Promise<Response> {
    const start = await api('/identity/verify', { token, body: { loginHint } });
    assert.equal(start.status, 201);
    const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
    const atOneLogin = await fetch(authorizeUrl, { redirect: 'manual' });
    assert.equal(atOneLogin.status, 302);
    const back = new URL(atOneLogin.headers.get('location')!);
    assert.equal(`${back.origin}${back.pathname}`, `${platform.entryUrl}/api/identity/verify/callback`);
    return fetch(back, { redirect: 'manual' });
  }

  before(async () => {
    started = await startTestPlatform('identity');
    ({ platform, dataDir } = started);
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  let kay: string;
  let kaySub: string;

  it('starts unverified, at P0', async () => {
    kay = await register('kay.morgan');
    const me = (await (await api('/identity/me', { token: kay })).json()) as {
      confidence: string;
      sub: string;
      roles: string[];
    };
    assert.deepEqual([me.confidence, me.roles], ['P0', ['citizen']]);
    kaySub = me.sub;
  });

  it('verifies with GOV.UK One Login at P2 and shows the verified identity', async () => {
    const callback = await verify(kay, 'citizen-p2');
    assert.equal(callback.status, 200);
    assert.equal(((await callback.json()) as { confidence: string }).confidence, 'P2');
    const me = (await (await api('/identity/me', { token: kay })).json()) as {
      confidence: string;
      method: string;
      identity: {
        givenNames: string[];
        familyName: string;
        birthDate: string;
        address: { uprn: string; postcode: string };
      };
    };
    assert.equal(me.confidence, 'P2');
    assert.equal(me.method, 'one-login');
    assert.deepEqual(
      [me.identity.givenNames, me.identity.familyName, me.identity.birthDate],
      [['Kay', 'Elizabeth'], 'Morgan', '1984-09-26'],
    );
    assert.match(me.identity.address.uprn, /^\d+$/);
    assert.match(me.identity.address.postcode, /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/);
  });

  it('refuses to redeem the same return from One Login twice', async () => {
    const start = await api('/identity/verify', { token: kay, body: { loginHint: 'citizen-p2' } });
    const { authorizeUrl } = (await start.json()) as { authorizeUrl: string };
    const back = (await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
    assert.equal((await fetch(back)).status, 200);
    const again = await fetch(back);
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'IDENTITY_ERR_VERIFICATION_FAILED');
  });

  it('records nothing for someone One Login cannot verify', async () => {
    const alex = await register('alex.young');
    const callback = await verify(alex, 'no-identity');
    assert.equal(callback.status, 400);
    const me = (await (await api('/identity/me', { token: alex })).json()) as { confidence: string };
    assert.equal(me.confidence, 'P0');
  });

  it("lets a citizen see only their own verification, and a caseworker see anyone's", async () => {
    const other = await register('someone.else');
    const mine = await api(`/identity/users/${kaySub}/verification`, { token: kay });
    assert.equal(mine.status, 200);
    assert.equal(((await mine.json()) as { confidence: string }).confidence, 'P2');
    const theirs = await api(`/identity/users/${kaySub}/verification`, { token: other });
    assert.equal(theirs.status, 403);
    assert.doesNotMatch(await theirs.text(), /P2|Morgan/, 'nothing about Kay leaks');
    const caseworker = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-caseworker'))).accessToken;
    const seen = await api(`/identity/users/${kaySub}/verification`, { token: caseworker });
    assert.equal(seen.status, 200);
    const verified = (await seen.json()) as {
      confidence: string;
      identity?: { familyName: string; birthDate: string; address?: { uprn?: string } };
    };
    assert.equal(verified.confidence, 'P2');
    assert.equal(verified.identity?.familyName, 'Morgan', 'the caseworker sees who was verified');
    assert.match(verified.identity.address?.uprn ?? '', /^\d+$/);
  });

  it('has a new account set up an authenticator app at its first sign-in, then asks for a fresh code every time', async () => {
    const username = 'mfa.person';
    assert.equal(
      (await api('/identity/sign-up', { body: { username, password: PASSWORD, email: `${username}@example.com` } }))
        .status,
      201,
    );
    const pool = platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { code } = (await (await fetch(`${pool}/__local/confirmation-codes/${username}`)).json()) as { code: string };
    assert.equal((await api('/identity/confirm', { body: { username, code } })).status, 200);
    const passwordStep = async () =>
      (await (await api('/identity/sign-in', { body: { username, password: PASSWORD } })).json()) as {
        challenge?: string;
        session: string;
        accessToken?: string;
      };

    const first = await passwordStep();
    assert.equal(first.challenge, 'MFA_SETUP', 'no tokens before a second factor exists');
    assert.equal(first.accessToken, undefined);
    const setup = (await (
      await api('/identity/sign-in/mfa-setup', { body: { username, session: first.session } })
    ).json()) as { secretCode: string; otpauthUri: string; session: string };
    assert.match(setup.otpauthUri, /^otpauth:\/\/totp\/.+secret=[A-Z2-7]+.*issuer=DWP/);
    const setupCode = await nextSecurityCode(setup.secretCode);
    const done = await api('/identity/sign-in/mfa-setup/verify', {
      body: { username, session: setup.session, code: setupCode },
    });
    assert.equal(done.status, 200);
    const { accessToken } = (await done.json()) as { accessToken: string };
    assert.deepEqual(await (await api('/identity/mfa', { token: accessToken })).json(), { authenticatorApp: true });

    const again = await passwordStep();
    assert.equal(again.challenge, 'SOFTWARE_TOKEN_MFA');
    const reused = await api('/identity/sign-in/mfa', { body: { username, session: again.session, code: setupCode } });
    assert.equal(reused.status, 400, 'a code already used does not work twice');
    assert.equal(((await reused.json()) as { error: { code: string } }).error.code, 'IDENTITY_ERR_MFA_CODE');
    const retry = await passwordStep();
    const ok = await api('/identity/sign-in/mfa', {
      body: { username, session: retry.session, code: await nextSecurityCode(setup.secretCode) },
    });
    assert.equal(ok.status, 200);
    const malformed = await api('/identity/sign-in/mfa', { body: { username, session: retry.session, code: '12ab' } });
    assert.equal(malformed.status, 400);
  });

  it("verifies over the legacy SAML route, checking the IdP's signed response in identity-api", async () => {
    const sam = await register('sam.saml');
    const res = await api('/identity/saml/verify', { token: sam, body: { loginHint: 'caseworker-p2' } });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { confidence: string; method: string }).method, 'saml');
    const me = (await (await api('/identity/me', { token: sam })).json()) as {
      confidence: string;
      identity: { familyName: string };
    };
    assert.deepEqual([me.confidence, me.identity.familyName], ['P2', 'Patel']);
  });

  it('refuses a forged SAML response posted to the assertion consumer service', async () => {
    const start = await api('/identity/saml/start', { token: kay, body: {} });
    const { relayState } = (await start.json()) as { relayState: string };
    const forged = Buffer.from(
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0"><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>',
    ).toString('base64');
    const res = await fetch(`${platform.entryUrl}/api/identity/saml/acs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: forged, RelayState: relayState }).toString(),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'IDENTITY_ERR_VERIFICATION_FAILED');
  });

  it('refuses a platform service that the definition does not let call identity-api', async () => {
    const identity = platform.registry.healthyOf('identity-api')[0]!;
    const asService = async (name: string) => {
      const signer = new ServiceTokenSigner({
        kid: name,
        key: await importJWK(platform.principalKeys.get(name)!.privateJwk, 'EdDSA'),
      });
      return fetch(`http://127.0.0.1:${identity.port}/identity/users/${kaySub}/verification`, {
        headers: { [SERVICE_TOKEN_HEADER]: await signer.sign('identity-api') },
      });
    };
    const allowed = await asService('claims-api');
    assert.equal(allowed.status, 200);
    const refused = await asService('notifier');
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'SVC_ERR_CALLER_NOT_ALLOWED');
  });
});
