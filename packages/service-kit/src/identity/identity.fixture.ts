/** A small platform and its principals' keys, shared by the identity tests. */
import { definePlatform, type PlatformInput } from '@dwp/platform';
import {
  generatePrincipalKeys,
  loadSigningKey,
  SIGNING_KEY_ENV,
  TRUSTED_KEYS_ENV,
  type PrincipalKeyPair,
} from './keys.ts';
import { ServiceTokenSigner } from './service-token.ts';

const svc = (name: string, calls: string[] = []) => ({
  name,
  tier: 'app' as const,
  cluster: 'app',
  port: 8080,
  cpu: 256,
  memory: 512,
  routes: [`/${name.split('-')[0]}/*`],
  tasks: { min: 1, max: 2 },
  calls,
});
export const platformInput: PlatformInput = {
  name: 'ids',
  clusters: [{ name: 'app', tier: 'app' }],
  services: [svc('orders-api'), svc('billing-api', ['orders-api']), svc('stock-api')],
  serviceDiscovery: {
    namespace: 'ids.local',
    healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 },
  },
  loadBalancing: {
    public: {
      name: 'alb',
      scheme: 'internet-facing',
      listeners: [{ port: 80, protocol: 'HTTP' }],
      targets: ['orders-api'],
    },
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
};
export const platform = definePlatform(platformInput);

/** The same platform with a user pool whose groups are its own (not DWP's): `member` and `clerk`, clerks staff. */
export const clerksPlatform = definePlatform({
  ...platformInput,
  gateways: {
    primary: {
      ...platformInput.gateways!.primary!,
      authentication: {
        type: 'cognito-user-pool',
        userPool: { groups: ['member', 'clerk'], staffGroups: ['clerk'] },
      },
    },
  },
});

export const keys = new Map<string, PrincipalKeyPair>();
for (const p of ['ids-api', 'orders-api', 'billing-api', 'stock-api']) keys.set(p, await generatePrincipalKeys(p));
const trusted = JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) });
export const envFor = (p: string) =>
  ({
    LOG_LEVEL: 'silent',
    DISCOVERY_MODE: 'dns',
    [SIGNING_KEY_ENV]: JSON.stringify(keys.get(p)!.privateJwk),
    [TRUSTED_KEYS_ENV]: trusted,
  }) as NodeJS.ProcessEnv;
export const signerFor = async (p: string) => new ServiceTokenSigner((await loadSigningKey(p, envFor(p)))!);
