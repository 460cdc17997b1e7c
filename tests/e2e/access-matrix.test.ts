/**
 * Who may reach what, through the public entry of a running platform and around it: one citizen
 * against another's records, a citizen against a caseworker's actions, and platform services
 * against services the definition does not let them call. Every refusal is a 403 or 404 that
 * says nothing about the record asked for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { type LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { SERVICE_TOKEN_HEADER, ServiceTokenSigner, type UserIdentity } from '@dwp/service-kit';
import { decodeJwt, importJWK } from 'jose';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const PASSWORD = 'Access-matrix-2026!';
const GATEWAY = dwp.gateways.primary!.name;

describe('the access matrix', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;
  let alice: string;
  let bob: string;
  let caseworker: string;
  let aliceClaim: string;
  let aliceCitizen: string;

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${platform.entryUrl}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, text: await res.text() };
  };

  async function register(username: string): Promise<string> {
    const json = { 'content-type': 'application/json' };
    const up = await fetch(`${platform.entryUrl}/api/identity/sign-up`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username, password: PASSWORD, email: `${username}@example.com` }),
    });
    assert.equal(up.status, 201);
    const pool = platform.status().standIns.find((s) => s.name === 'user-pool')!.endpoint;
    const { code } = (await (await fetch(`${pool}/__local/confirmation-codes/${username}`)).json()) as { code: string };
    assert.equal(
      (
        await fetch(`${platform.entryUrl}/api/identity/confirm`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ username, code }),
        })
      ).status,
      200,
    );
    return (await signIn(platform.entryUrl, { username, password: PASSWORD })).accessToken;
  }

  /** Calls a service directly, bypassing the gateway, with a token signed as `principal`. */
  async function direct(
    principal: string,
    service: string,
    path: string,
    opts: { method?: string; user?: UserIdentity; body?: unknown } = {},
  ) {
    const instance = platform.registry.healthyOf(service)[0]!;
    const signer = new ServiceTokenSigner({
      kid: principal,
      key: await importJWK(platform.principalKeys.get(principal)!.privateJwk, 'EdDSA'),
    });
    const res = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
      method: opts.method ?? 'GET',
      headers: {
        [SERVICE_TOKEN_HEADER]: await signer.sign(service, opts.user),
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    return { status: res.status, text: await res.text() };
  }

  before(async () => {
    started = await startTestPlatform('access');
    ({ platform, dataDir } = started);
    alice = await register('alice.access');
    bob = await register('bob.access');
    caseworker = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-caseworker'))).accessToken;

    const claim = await call(alice, 'POST', '/claims/claims', { benefit: 'universal-credit', answers: {} });
    assert.equal(claim.status, 201, claim.text);
    aliceClaim = (JSON.parse(claim.text) as { id: string }).id;
    const citizen = await call(alice, 'POST', '/citizen/citizens', {
      name: { given: 'Alice', family: 'Access' },
      dateOfBirth: '1990-01-01',
      nino: 'AB 12 34 56 C',
      contact: { email: 'alice.access@example.com' },
    });
    assert.equal(citizen.status, 201, citizen.text);
    aliceCitizen =
      (JSON.parse(citizen.text) as { citizenId?: string; id?: string }).citizenId ??
      (JSON.parse(citizen.text) as { id: string }).id;
  });

  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it("hides one citizen's claim, its history and its evidence from another", async () => {
    for (const [method, path] of [
      ['GET', `/claims/claims/${aliceClaim}`],
      ['GET', `/claims/claims/${aliceClaim}/history`],
      ['GET', `/claims/claims/${aliceClaim}/evidence`],
      ['POST', `/claims/claims/${aliceClaim}/submit`],
      ['POST', `/claims/claims/${aliceClaim}/withdraw`],
    ] as const) {
      const res = await call(bob, method, path, method === 'POST' ? {} : undefined);
      assert.ok(res.status === 404 || res.status === 403, `${method} ${path}: ${res.status}`);
      assert.doesNotMatch(res.text, /universal-credit|draft|alice/i, `${method} ${path} leaks nothing`);
    }
    assert.equal((await call(alice, 'GET', `/claims/claims/${aliceClaim}`)).status, 200);
  });

  it("lists only a citizen's own claims", async () => {
    const bobs = JSON.parse((await call(bob, 'GET', '/claims/claims')).text) as { items: Array<{ id: string }> };
    assert.ok(!bobs.items.some((c) => c.id === aliceClaim));
    const alices = JSON.parse((await call(alice, 'GET', '/claims/claims')).text) as { items: Array<{ id: string }> };
    assert.ok(alices.items.some((c) => c.id === aliceClaim));
  });

  it("hides one citizen's record from another", async () => {
    const res = await call(bob, 'GET', `/citizen/citizens/${aliceCitizen}`);
    assert.ok(res.status === 404 || res.status === 403, String(res.status));
    assert.doesNotMatch(res.text, /Alice|AB ?12/);
  });

  it("refuses a citizen a caseworker's action at the gateway", async () => {
    for (const [method, path, body] of [
      ['POST', 'decision', { outcome: 'awarded', reasons: ['x'], monthlyAmountPence: 1 }],
      ['POST', 'assessment', {}],
      ['POST', 'evidence-request', { reason: 'x' }],
      ['GET', 'notes', undefined],
    ] as const) {
      const res = await call(alice, method, `/claims/claims/${aliceClaim}/${path}`, body);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual(JSON.parse(res.text), { message: 'User is not authorized to access this resource' });
    }
  });

  it("refuses a citizen a caseworker's action in claims-api itself, should the gateway be bypassed", async () => {
    const sub = decodeJwt(alice).sub!;
    const res = await direct(GATEWAY, 'claims-api', `/claims/claims/${aliceClaim}/decision`, {
      method: 'POST',
      user: { sub, username: 'alice.access', roles: ['citizen'] },
      body: { outcome: 'awarded', reasons: ['x'], monthlyAmountPence: 1 },
    });
    assert.equal(res.status, 403);
    assert.equal(
      (await call(alice, 'GET', `/claims/claims/${aliceClaim}`)).text.includes('"state":"draft"'),
      true,
      'nothing changed',
    );
  });

  it('lets a caseworker see any claim and its notes', async () => {
    assert.equal((await call(caseworker, 'GET', `/claims/claims/${aliceClaim}`)).status, 200);
    assert.equal((await call(caseworker, 'GET', `/claims/claims/${aliceClaim}/notes`)).status, 200);
  });

  it('refuses platform services the definition does not let call a service', async () => {
    for (const [caller, callee, path] of [
      ['address-api', 'claims-api', `/claims/claims/${aliceClaim}`],
      ['notifier', 'claims-api', `/claims/claims/${aliceClaim}`],
      ['frontend-service', 'citizen-api', `/citizen/citizens/${aliceCitizen}`],
      ['benefits-api', 'identity-api', '/identity/users/x/verification'],
    ] as const) {
      const res = await direct(caller, callee, path);
      assert.equal(res.status, 403, `${caller} -> ${callee}`);
      assert.equal((JSON.parse(res.text) as { error: { code: string } }).error.code, 'SVC_ERR_CALLER_NOT_ALLOWED');
    }
  });
});
