/**
 * The cost of the gateway (`npm run bench`, or `npm run bench -- --only gateway`). Against one
 * platform it loads the same endpoint directly on a service instance, through the primary
 * gateway (routing, throttling, validation, cache stage, metrics on), through the public entry
 * (edge WAF + gateway), and through nginx proxy_pass to the same instance (skipped, with a
 * message, when nginx is not installed); then the added latency at a fixed 1000 req/s, and a
 * read-heavy run through a gateway process counting the backend calls its cache spares.
 * Results go to bench/results/gateway-overhead-*.json.
 *
 * Two endpoints: a public health route (no data store, no token: the bare cost of each hop), and
 * `GET /identity/me` for a signed-in citizen, where the gateway verifies the JWT, checks it is not
 * signed out, throttles and routes, and identity-api verifies the gateway's service token and reads
 * DynamoDB; its direct path sends identity-api the same service token the gateway would.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dwp } from '@dwp/platforms/dwp';
import { freePort, type LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { SERVICE_TOKEN_HEADER, ServiceTokenSigner } from '@dwp/service-kit';
import { decodeJwt, importJWK } from 'jose';
import { autocannon as load, type Measured as Loaded } from './autocannon.ts';
import type { BenchmarkReport } from './results-file.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** The fixed rate at which added latency is measured. */
const FIXED_RATE = 1000;
/** A route with no data-store check, so the numbers measure the HTTP path, not a database. */
const SERVICE = 'address-api';
const PATH = '/address/health';

interface Measured extends Omit<Loaded, 'requests' | 'timeouts'> {
  readonly path: string;
}

function autocannon(
  url: string,
  durationS: number,
  opts: { rate?: number; headers?: readonly string[] } = {},
): Promise<Measured> {
  return load(url, { connections: CONNECTIONS, durationS, ...opts }).then(({ requests: _r, timeouts: _t, ...m }) => ({
    ...m,
    path: '',
  }));
}

/** nginx on PATH, or undefined (the nginx path is then skipped with a message). */
function findNginx(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** nginx as a plain reverse proxy (proxy_pass, keep-alive upstream, no auth) to one instance. */
async function startNginx(bin: string, upstreamPort: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dwp-bench-nginx-'));
  const port = await freePort();
  const conf = `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream service { server 127.0.0.1:${upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location /api/ { proxy_pass http://service/; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`;
  await writeFile(join(dir, 'nginx.conf'), conf);
  const child = spawn(bin, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/api${PATH}`, 10_000);
  return {
    port,
    async stop() {
      child.kill('SIGQUIT');
      await once(child, 'exit');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startProcess(entry: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, 30_000);
  return { url, child };
}

/**
 * Seed 000's cache claim, measured: a read-heavy mix (popular lookups repeated by several users)
 * through a real gateway process in front of a real service, counting the calls that reach it.
 */
async function cacheRun(): Promise<{
  requests: number;
  distinctKeys: number;
  backendCalls: number;
  sparedPercent: number;
}> {
  const fixtures = join(ROOT, 'tests', 'e2e', 'fixtures');
  const upstream = await startProcess(join(fixtures, 'upstream-service.ts'), {});
  const gateway = await startProcess(join(fixtures, 'gateway-under-test.ts'), {
    SERVICE_URL_ADDRESS_API: upstream.url,
  });
  try {
    const postcodes = Array.from(
      { length: 50 },
      (_, i) => `SW1A ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i * 7) % 26))}`,
    );
    const users = ['Bearer u1', 'Bearer u2', 'Bearer u3', 'Bearer u4'];
    const callsBefore = ((await (await fetch(`${upstream.url}/address/calls`)).json()) as { calls: number }).calls;
    const requests = 5000;
    let sent = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (sent < requests) {
          const i = sent++;
          // Zipf-like popularity: most reads go to the first few postcodes.
          const pc = postcodes[Math.floor(postcodes.length * ((i % 97) / 97) ** 3)]!;
          const res = await fetch(`${gateway.url}/api/address/lookup?postcode=${encodeURIComponent(pc)}`, {
            headers: { authorization: users[i % users.length]! },
          });
          await res.arrayBuffer();
        }
      }),
    );
    const callsAfter = ((await (await fetch(`${upstream.url}/address/calls`)).json()) as { calls: number }).calls;
    const backendCalls = callsAfter - callsBefore;
    return {
      requests,
      distinctKeys: postcodes.length * users.length,
      backendCalls,
      sparedPercent: Number((100 * (1 - backendCalls / requests)).toFixed(1)),
    };
  } finally {
    for (const p of [gateway, upstream]) {
      p.child.kill('SIGTERM');
      await once(p.child, 'exit');
    }
  }
}

/** Runs the gateway benchmarks against a started, healthy platform whose data is in `dataDir`. */
export async function gatewayOverhead(platform: LocalPlatform, dataDir: string): Promise<BenchmarkReport> {
  const nginxBin = findNginx();
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    const service = platform.registry.healthyOf(SERVICE)[0]!;
    const gateway = platform.registry.healthyOf(dwp.gateways.primary!.name)[0]!;
    const base = dwp.gateways.primary!.basePath;
    // A signed-in citizen, and the service token the gateway sends identity-api on their behalf.
    const { accessToken } = await signIn(platform.entryUrl, await seededUser(dataDir, 'test-citizen'));
    const claims = decodeJwt(accessToken);
    const gatewayName = dwp.gateways.primary!.name;
    const signer = new ServiceTokenSigner({
      kid: gatewayName,
      key: await importJWK(platform.principalKeys.get(gatewayName)!.privateJwk, 'EdDSA'),
    });
    const serviceToken = () =>
      signer.sign('identity-api', { sub: claims.sub!, username: String(claims.username), roles: ['citizen'] });
    const identity = platform.registry.healthyOf('identity-api')[0]!;
    const auth = [`authorization=Bearer ${accessToken}`];
    const targets: Array<{
      path: string;
      url: string;
      headers?: readonly string[] | (() => Promise<readonly string[]>);
    }> = [
      { path: 'direct', url: `http://127.0.0.1:${service.port}${PATH}` },
      { path: 'gateway', url: `http://127.0.0.1:${gateway.port}${base}${PATH}` },
      { path: 'edge+gateway', url: `${platform.entryUrl.replace('localhost', '127.0.0.1')}${base}${PATH}` },
      {
        path: 'direct me',
        url: `http://127.0.0.1:${identity.port}/identity/me`,
        headers: async () => [`${SERVICE_TOKEN_HEADER}=${await serviceToken()}`],
      },
      { path: 'gateway+jwt me', url: `http://127.0.0.1:${gateway.port}${base}/identity/me`, headers: auth },
    ];
    if (nginxBin) {
      nginx = await startNginx(nginxBin, service.port);
      targets.push({ path: 'nginx', url: `http://127.0.0.1:${nginx.port}${base}${PATH}` });
    } else {
      console.log('nginx: not installed, skipping the nginx path (apt-get install -y nginx to include it)');
    }
    const results: Measured[] = [];
    const headersOf = async (t: (typeof targets)[number]) =>
      typeof t.headers === 'function' ? t.headers() : (t.headers ?? []);
    for (const t of targets) {
      await autocannon(t.url, 2, { headers: await headersOf(t) }); // warm up JIT and connection pools
      const m = await autocannon(t.url, DURATION_S, { headers: await headersOf(t) });
      results.push({ ...m, path: t.path });
    }
    const direct = results[0]!;
    const byPath = (p: string) => results.find((r) => r.path === p);
    const ratio = (r: Measured) => Number((r.requestsPerSecond / direct.requestsPerSecond).toFixed(2));
    const gw = byPath('gateway')!;
    const ng = byPath('nginx');
    const meRatio = Number(
      (byPath('gateway+jwt me')!.requestsPerSecond / byPath('direct me')!.requestsPerSecond).toFixed(2),
    );

    // Added latency at a fixed 1000 req/s, where both paths can keep up: the health route (routing,
    // throttling, metrics), and /identity/me with JWT verification (its direct path may saturate
    // first: it reads DynamoDB, which locally is dynalite).
    const fixed = async (d: (typeof targets)[number], g: (typeof targets)[number]) => {
      const fd = await autocannon(d.url, DURATION_S, { rate: FIXED_RATE, headers: await headersOf(d) });
      const fg = await autocannon(g.url, DURATION_S, { rate: FIXED_RATE, headers: await headersOf(g) });
      return {
        rate: FIXED_RATE,
        direct: fd.latencyMs,
        gateway: fg.latencyMs,
        directRequestsPerSecond: fd.requestsPerSecond,
        gatewayRequestsPerSecond: fg.requestsPerSecond,
        addedP50Ms: Number((fg.latencyMs.p50 - fd.latencyMs.p50).toFixed(2)),
        addedP99Ms: Number((fg.latencyMs.p99 - fd.latencyMs.p99).toFixed(2)),
      };
    };
    const byName = (p: string) => targets.find((t) => t.path === p)!;
    const added = await fixed(byName('direct'), byName('gateway'));
    const addedMe = await fixed(byName('direct me'), byName('gateway+jwt me'));
    const cache = await cacheRun();

    const targetsMet = {
      gatewayVsDirect: { ratio: ratio(gw), target: 0.7, met: ratio(gw) >= 0.7 },
      gatewayWithJwtVsDirectOnMe: { ratio: meRatio, target: 0.7, met: meRatio >= 0.7 },
      ...(ng
        ? {
            gatewayVsNginx: {
              ratio: Number((gw.requestsPerSecond / ng.requestsPerSecond).toFixed(2)),
              target: 0.8,
              met: gw.requestsPerSecond / ng.requestsPerSecond >= 0.8,
            },
          }
        : {}),
      addedP99AtFixedRate: { ms: added.addedP99Ms, target: 2, met: added.addedP99Ms <= 2 },
      cacheSpared: { percent: cache.sparedPercent, target: 80, met: cache.sparedPercent >= 80 },
    };
    const summary = [
      results
        .map(
          (r) =>
            `${r.path} ${r.requestsPerSecond} req/s p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms${r === direct || r.path === 'direct me' ? '' : r.path.endsWith(' me') ? ` (${meRatio}x direct me)` : ` (${ratio(r)}x direct)`}`,
        )
        .join(' | '),
      `at ${FIXED_RATE} req/s on the health route: direct p50 ${added.direct.p50} / p99 ${added.direct.p99} ms, gateway p50 ${added.gateway.p50} / p99 ${added.gateway.p99} ms (added p50 ${added.addedP50Ms} ms, p99 ${added.addedP99Ms} ms)`,
      `at ${FIXED_RATE} req/s on GET /identity/me (achieved ${addedMe.directRequestsPerSecond} direct, ${addedMe.gatewayRequestsPerSecond} through): added p50 ${addedMe.addedP50Ms} ms, p99 ${addedMe.addedP99Ms} ms`,
      `cache: ${cache.requests} reads over ${cache.distinctKeys} keys reached the service ${cache.backendCalls} times (${cache.sparedPercent} % spared)`,
      `targets: ${Object.entries(targetsMet)
        .map(([k, v]) => `${k} ${v.met ? 'met' : 'MISSED'}`)
        .join(', ')}`,
    ].join('\n');
    const report = {
      benchmark: 'gateway-overhead',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      settings: {
        durationSeconds: DURATION_S,
        connections: CONNECTIONS,
        endpoint: `${SERVICE} GET ${PATH}; identity-api GET /identity/me with a citizen's token`,
        logLevel: 'warn',
        gatewayReplicas: platform.registry.healthyOf(dwp.gateways.primary!.name).length,
        nginx: nginxBin ? 'proxy_pass, 1 worker, keepalive' : 'not installed',
      },
      results: results.map((r) => ({ ...r, ratioToDirect: ratio(r) })),
      fixedRate: added,
      fixedRateAuthenticated: addedMe,
      cache,
      targets: targetsMet,
      summary,
    };
    return report;
  } finally {
    await nginx?.stop();
  }
}
