import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { SignJWT, importJWK } from 'jose';
import { createService } from '../create-service.ts';
import { clerksPlatform, envFor, keys, platform, signerFor } from './identity.fixture.ts';
import { loadSigningKey } from './keys.ts';
import { SERVICE_TOKEN_HEADER, ServiceTokenSigner } from './service-token.ts';

const citizen = { sub: 'u-1', username: 'alice', roles: ['citizen'] };

async function orders(p = platform) {
  const s = await createService({ platform: p, name: 'orders-api', env: envFor('orders-api') });
  s.app.get('/orders/whoami', async (req) => req.caller);
  s.app.get('/orders/staff', async (req) => ({ staff: req.isStaff() }));
  s.app.get('/orders/for-services', { config: { auth: 'service' } }, async (req) => req.caller);
  return s.app;
}

const call = async (token: string | undefined, url = '/orders/whoami', p = platform) =>
  (await orders(p)).inject({ method: 'GET', url, headers: token ? { [SERVICE_TOKEN_HEADER]: token } : {} });

describe('service identity', () => {
  it('refuses an anonymous caller on an ordinary route with 401', async () => {
    const res = await call(undefined);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'SVC_ERR_UNAUTHENTICATED');
  });

  it('serves health to anyone', async () => {
    assert.equal((await call(undefined, '/health')).statusCode, 200);
  });

  it('knows the signed-in user from a token signed by the gateway', async () => {
    const res = await call(await (await signerFor('ids-api')).sign('orders-api', citizen));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { kind: 'user', user: citizen });
  });

  it('knows a calling service that the definition allows, and the user it acts for', async () => {
    const res = await call(await (await signerFor('billing-api')).sign('orders-api', citizen));
    assert.deepEqual(res.json(), { kind: 'service', service: 'billing-api', onBehalfOf: citizen });
  });

  it('refuses a service the definition does not let call this one with 403', async () => {
    const res = await call(await (await signerFor('stock-api')).sign('orders-api'));
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<{ error: { code: string } }>().error.code, 'SVC_ERR_CALLER_NOT_ALLOWED');
  });

  it('refuses a user on a route only services may call', async () => {
    const res = await call(await (await signerFor('ids-api')).sign('orders-api', citizen), '/orders/for-services');
    assert.equal(res.statusCode, 401);
  });

  it('refuses a token addressed to another service', async () => {
    const res = await call(await (await signerFor('billing-api')).sign('stock-api'));
    assert.equal(res.statusCode, 401);
  });

  it('refuses an expired token', async () => {
    const tenMinutesAgo = new FakeClock(Date.now() - 10 * 60_000);
    const signer = new ServiceTokenSigner((await loadSigningKey('ids-api', envFor('ids-api')))!, tenMinutesAgo);
    assert.equal((await call(await signer.sign('orders-api', citizen))).statusCode, 401);
  });

  it('refuses a token that claims to be the gateway but is signed with another key', async () => {
    const forged = await new SignJWT({ user: { ...citizen, roles: ['admin'] } })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'ids-api', typ: 'dwp-service+jwt' })
      .setIssuer('ids-api')
      .setAudience('orders-api')
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(await importJWK(keys.get('stock-api')!.privateJwk, 'EdDSA'));
    assert.equal((await call(forged)).statusCode, 401);
  });

  it('refuses a token whose user claims a role that does not exist', async () => {
    const res = await call(await (await signerFor('ids-api')).sign('orders-api', { ...citizen, roles: ['root'] }));
    assert.equal(res.statusCode, 401);
  });

  it("takes the roles a user may hold from the definition's user pool groups, not from DWP's", async () => {
    const gateway = await signerFor('ids-api');
    const clerk = { sub: 'u-2', username: 'cleo', roles: ['member', 'clerk'] };
    const res = await call(await gateway.sign('orders-api', clerk), '/orders/whoami', clerksPlatform);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { kind: 'user', user: clerk });
    const staff = await call(await gateway.sign('orders-api', clerk), '/orders/staff', clerksPlatform);
    assert.deepEqual(staff.json(), { staff: true });
    const refused = await call(await gateway.sign('orders-api', citizen), '/orders/whoami', clerksPlatform);
    assert.equal(refused.statusCode, 401);
  });
});
