import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definePlatform } from '@dwp/platform';
import { SignJWT, importJWK } from 'jose';
import { createService } from '../create-service.ts';
import { generatePrincipalKeys, SIGNING_KEY_ENV, TRUSTED_KEYS_ENV, type PrincipalKeyPair } from './keys.ts';
import { SERVICE_TOKEN_HEADER, ServiceTokenSigner } from './service-token.ts';
import { loadSigningKey } from './keys.ts';

const svc = (name: string, calls: string[] = []) => ({ name, tier: 'app' as const, cluster: 'app', port: 8080, cpu: 256, memory: 512, routes: [`/${name.split('-')[0]}/*`], tasks: { min: 1, max: 2 }, calls });
const platform = definePlatform({
  name: 'ids',
  clusters: [{ name: 'app', tier: 'app' }],
  services: [svc('orders-api'), svc('billing-api', ['orders-api']), svc('stock-api')],
  serviceDiscovery: { namespace: 'ids.local', healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 } },
  loadBalancing: {
    public: { name: 'alb', scheme: 'internet-facing', listeners: [{ port: 80, protocol: 'HTTP' }], targets: ['orders-api'] },
    healthCheck: { path: '/health', intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 5 },
  },
  gateways: {
    primary: {
      name: 'ids-api',
      basePath: '/api',
      authentication: { type: 'cognito-user-pool' },
      routes: [{ path: '/orders/{proxy+}', service: 'orders-api' }],
      throttling: { rateLimit: 10, burstLimit: 5 },
      caching: { ttlSeconds: 0 },
    },
  },
  environments: [{ name: 'prod' }],
  deployment: { strategy: 'rolling' },
});

const keys = new Map<string, PrincipalKeyPair>();
for (const p of ['ids-api', 'orders-api', 'billing-api', 'stock-api']) keys.set(p, await generatePrincipalKeys(p));
const trusted = JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) });
const envFor = (p: string) => ({ LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', [SIGNING_KEY_ENV]: JSON.stringify(keys.get(p)!.privateJwk), [TRUSTED_KEYS_ENV]: trusted }) as NodeJS.ProcessEnv;
const signerFor = async (p: string) => new ServiceTokenSigner((await loadSigningKey(p, envFor(p)))!);
const citizen = { sub: 'u-1', username: 'alice', roles: ['citizen' as const] };

async function orders() {
  const s = await createService({ platform, name: 'orders-api', env: envFor('orders-api') });
  s.app.get('/orders/whoami', async (req) => req.caller);
  s.app.get('/orders/for-services', { config: { auth: 'service' } }, async (req) => req.caller);
  return s.app;
}

const call = async (token: string | undefined, url = '/orders/whoami') =>
  (await orders()).inject({ method: 'GET', url, headers: token ? { [SERVICE_TOKEN_HEADER]: token } : {} });

describe('service identity', () => {
  it('refuses an anonymous caller on an ordinary route with 401', async () => {
    const res = await call(undefined);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'SVC_ERR_UNAUTHENTICATED');
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
    assert.equal(res.json().error.code, 'SVC_ERR_CALLER_NOT_ALLOWED');
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
    const old = Date.now() - 10 * 60_000;
    const signer = new ServiceTokenSigner((await loadSigningKey('ids-api', envFor('ids-api')))!, () => old);
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
    const res = await call(await (await signerFor('ids-api')).sign('orders-api', { ...citizen, roles: ['root' as 'admin'] }));
    assert.equal(res.statusCode, 401);
  });
});
