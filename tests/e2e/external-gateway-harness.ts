/**
 * Runs the external gateway as `npm start` does (its own process, registered, health-checked)
 * with the government-API sandboxes as stand-ins, and lets a test call it as any platform service:
 * a stand-in gives every principal keys the test also holds, so the test signs service tokens
 * exactly as address-api or claims-api would. Only the external gateway and the sandboxes run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { startLocalPlatform, type LocalPlatform, type StandIn } from '@dwp/dev-runtime';
import {
  SERVICE_TOKEN_HEADER,
  SIGNING_KEY_ENV,
  ServiceTokenSigner,
  TRUSTED_KEYS_ENV,
  generatePrincipalKeys,
} from '@dwp/service-kit';
import { importJWK } from 'jose';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const GATEWAY = dwp.gateways.external!.service;

export interface ExternalGatewayHarness {
  readonly platform: LocalPlatform;
  readonly gatewayUrl: string;
  /** Every replica's URL. */
  readonly gatewayUrls: readonly string[];
  /** The runtime's data directory (the sandboxes' throwaway certificates are under sandboxes/). */
  readonly dataDir: string;
  /** The URL a stand-in reported in /status (`royal-mail-sandbox` ...). */
  sandboxUrl(name: string): string;
  /** Calls the external gateway as `caller` (a platform service), or with no token when undefined; `replica` picks one. */
  call(caller: string | undefined, path: string, init?: RequestInit, replica?: number): Promise<Response>;
  stop(): Promise<void>;
}

/** Only the external gateway's service and no data stores: the sandboxes are all it needs. */
function gatewayOnly(p: Platform): Platform {
  const { primary: _primary, ...gateways } = p.gateways;
  return { ...p, services: p.services.filter((s) => s.name === GATEWAY), dataStores: [], gateways };
}

export async function startExternalGateway(opts: {
  readonly standIns: readonly StandIn[];
  readonly gatewayEnv?: Readonly<Record<string, string>>;
  /** @default 1 */
  readonly replicas?: number;
}): Promise<ExternalGatewayHarness> {
  const principals = [...dwp.services.map((s) => s.name), dwp.gateways.primary!.name];
  const keys = new Map(await Promise.all(principals.map(async (p) => [p, await generatePrincipalKeys(p)] as const)));
  const trusted = JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) });
  const testKeys: StandIn = {
    name: 'test-keys',
    plan: async () => ({
      name: 'test-keys',
      endpoint: '',
      env: {},
      envFor: (service) => ({
        [SIGNING_KEY_ENV]: JSON.stringify(keys.get(service)!.privateJwk),
        [TRUSTED_KEYS_ENV]: trusted,
        ...(service === GATEWAY ? opts.gatewayEnv : {}),
      }),
      ready: async () => undefined,
      stop: async () => undefined,
    }),
  };
  const signers = new Map<string, ServiceTokenSigner>();
  for (const [p, k] of keys)
    signers.set(p, new ServiceTokenSigner({ kid: p, key: await importJWK(k.privateJwk, 'EdDSA') }));

  const dataDir = await mkdtemp(join(tmpdir(), 'dwp-egress-e2e-'));
  let platform: LocalPlatform;
  try {
    platform = await startLocalPlatform({
      platform: gatewayOnly(dwp),
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
      logLevel: 'warn',
      healthIntervalMs: 200,
      standIns: [...opts.standIns, testKeys],
      replicas: (name, n) => (name === GATEWAY ? (opts.replicas ?? 1) : n),
    });
    await platform.waitUntilHealthy(60_000);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const gatewayUrls = platform.registry.instancesOf(GATEWAY).map((i) => `http://${i.host}:${i.port}`);
  const gatewayUrl = gatewayUrls[0]!;
  const standIns = platform.status().standIns;
  return {
    platform,
    gatewayUrl,
    gatewayUrls,
    dataDir,
    sandboxUrl(name) {
      const s = standIns.find((x) => x.name === name);
      if (!s?.endpoint) throw new Error(`no running stand-in ${name}`);
      return s.endpoint;
    },
    async call(caller, path, init = {}, replica = 0) {
      const headers = new Headers(init.headers);
      if (caller) headers.set(SERVICE_TOKEN_HEADER, await signers.get(caller)!.sign(GATEWAY));
      return fetch(`${gatewayUrls[replica % gatewayUrls.length]}${path}`, { ...init, headers });
    },
    async stop() {
      await platform.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Sets a sandbox's fault switch (see local/sandboxes/README.md). */
export async function setFault(
  sandboxUrl: string,
  settings: Record<string, unknown>,
  init: RequestInit = {},
): Promise<void> {
  const res = await fetch(`${sandboxUrl}/__fault`, {
    ...init,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!res.ok) throw new Error(`fault switch answered ${res.status}`);
}

export async function traffic(
  sandboxUrl: string,
  init: RequestInit = {},
): Promise<{ total: number; byRoute: Record<string, number>; maxInWindow: number }> {
  return (await fetch(`${sandboxUrl}/__traffic?windowMs=60000`, init)).json() as Promise<{
    total: number;
    byRoute: Record<string, number>;
    maxInWindow: number;
  }>;
}

export async function clearTraffic(sandboxUrl: string, init: RequestInit = {}): Promise<void> {
  await fetch(`${sandboxUrl}/__traffic`, { ...init, method: 'DELETE' });
}
