/**
 * The whole DWP platform as `npm start` runs it: real processes, embedded PostgreSQL and dynalite,
 * the registry, the public entry. Ports are picked free so the test can run beside a developer's platform.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pathPrefixOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { startLocalPlatform, type LocalPlatform } from '@dwp/dev-runtime';
import pg from 'pg';
import { waitFor } from '@dwp/data-kit/testing/wait-for';
import { ifAssigned } from './fixtures/hooks.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const GATEWAY = dwp.gateways.primary!.name;

/** Sends idempotent requests from several workers until stopped; records every answer. */
function requestStream(url: string, workers: number) {
  const statuses = new Map<number | string, number>();
  let running = true;
  const count = (k: number | string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        count(res.status);
      } catch (err) {
        count(`error: ${(err as Error).message}`);
      }
    }
  });
  return {
    statuses,
    total: () => [...statuses.values()].reduce((a, b) => a + b, 0),
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

describe('the local platform', () => {
  let dataDir: string;
  let platform: LocalPlatform;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwp-e2e-'));
    platform = await startLocalPlatform({
      platform: dwp,
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
      replicas: (name, n) => (name === 'claims-api' || name === GATEWAY ? 2 : n),
    });
    await platform.waitUntilHealthy(60_000);
  });

  after(async () => {
    await ifAssigned(platform)?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every service health check through the public entry, from that service', async () => {
    for (const service of dwp.services) {
      const prefix = pathPrefixOf(service);
      if (!prefix) continue;
      const res = await fetch(`${platform.entryUrl}/api/${prefix}/health`);
      assert.equal(res.status, 200, service.name);
      const body = (await res.json()) as { service: string; status: string };
      assert.deepEqual([body.service, body.status], [service.name, 'ok']);
    }
  });

  it('reports the readiness of each service data store in its health', async () => {
    const claims = (await (await fetch(`${platform.entryUrl}/api/claims/health`)).json()) as {
      checks: Record<string, { status: string }>;
    };
    assert.equal(claims.checks.postgres?.status, 'ok');
    const citizen = (await (await fetch(`${platform.entryUrl}/api/citizen/health`)).json()) as {
      checks: Record<string, { status: string }>;
    };
    assert.equal(citizen.checks.dynamodb?.status, 'ok');
  });

  it('serves the frontend at / and refuses unknown API paths the way API Gateway does', async () => {
    const home = await fetch(`${platform.entryUrl}/`);
    assert.equal(home.status, 200);
    const page = await home.text();
    assert.match(
      page,
      /<h1 class="govuk-heading-xl">Apply for Universal Credit, new style JSA or ESA<\/h1>/,
      'the start page',
    );
    assert.match(page, /class="govuk-header"/);
    const unknown = await fetch(`${platform.entryUrl}/api/pensions/1`);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: 'Missing Authentication Token' });
  });

  it("names, for API Gateway's cache, every query parameter a cached service's GET routes take", async () => {
    const gw = dwp.gateways.primary!;
    // A service's GET answers may be cached when a route to it takes GETs and does not opt out.
    const takesGet = (method: string) => method === 'ANY' || gw.caching.methods.includes(method as 'GET');
    const cached = [
      ...new Set(gw.routes.filter((r) => r.caching?.enabled !== false && takesGet(r.method)).map((r) => r.service)),
    ];
    assert.ok(cached.length > 0);
    let seen = 0;
    for (const service of cached) {
      const instance = platform.registry.healthyOf(service)[0]!;
      const doc = (await (await fetch(`http://127.0.0.1:${instance.port}/docs/json`)).json()) as {
        paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
      };
      const queried = Object.values(doc.paths).flatMap((ops) =>
        (ops.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      );
      seen += queried.length;
      for (const name of queried)
        assert.ok(
          gw.caching.keyQueryParameters.includes(name),
          `${service} takes ?${name}, which the cache key must name`,
        );
    }
    assert.ok(seen > 0, 'the cached services do take query parameters (benefits-api pages its estimates)');
  });

  it('lists every instance with its health in /status, as docker compose ps would', async () => {
    const status = (await (await fetch(`${platform.adminUrl}/status`)).json()) as {
      services: Array<{ name: string; healthy: number; desired: number; dnsName: string }>;
    };
    const names = status.services.map((s) => s.name).sort();
    assert.deepEqual(names, [...dwp.services.map((s) => s.name), GATEWAY].sort());
    for (const s of status.services) assert.equal(s.healthy, s.desired, s.name);
    assert.equal(status.services.find((s) => s.name === 'claims-api')?.desired, 2);
    assert.equal(status.services.find((s) => s.name === 'claims-api')?.dnsName, 'claims-api.dwp.local');
  });

  for (const victim of ['claims-api-2', `${GATEWAY}-1`]) {
    it(`restarts ${victim} after SIGKILL while a stream of idempotent requests sees no failure`, async () => {
      const before = platform.registry.get(victim)!;
      const oldPid = before.pid!;
      const restartsBefore = before.restarts;
      const stream = requestStream(`${platform.entryUrl}/api/claims/health`, 6);
      await waitFor('traffic', () => stream.total() >= 100, 5000);
      process.kill(oldPid, 'SIGKILL');
      await waitFor(`${victim} to stop`, () => platform.registry.get(victim)!.state.kind !== 'healthy', 5000);
      await waitFor(
        `${victim} to be healthy again`,
        () => {
          const i = platform.registry.get(victim)!;
          return i.state.kind === 'healthy' && i.restarts === restartsBefore + 1;
        },
        15_000,
      );
      const afterRestart = stream.total();
      await waitFor('traffic after the restart', () => stream.total() >= afterRestart + 100, 5000);
      await stream.stop();
      assert.notEqual(platform.registry.get(victim)!.pid, oldPid, 'a new process took its place');
      assert.deepEqual(
        [...stream.statuses.keys()],
        [200],
        `every request answered 200: ${JSON.stringify([...stream.statuses])}`,
      );
    });
  }

  it('keeps data across restarts of the platform unless started fresh', async () => {
    const url = () => `postgres://${platform.status().stores.find((s) => s.kind === 'postgres')!.endpoint}/dwp_claims`;
    const connect = async () => {
      // A fresh start makes new credentials, so read them at each connection.
      const credentials = JSON.parse(await readFile(join(dataDir, 'postgres-credentials.json'), 'utf8')) as {
        password: string;
      };
      const c = new pg.Client({
        connectionString: url().replace(
          'postgres://',
          `postgres://postgres:${encodeURIComponent(credentials.password)}@`,
        ),
      });
      await c.connect();
      return c;
    };
    let c = await connect();
    await c.query('create table if not exists kept (note text)');
    await c.query(`insert into kept values ('still here')`);
    await c.end();

    await platform.stop();
    platform = await startLocalPlatform({
      platform: dwp,
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
      replicas: () => 1,
    });
    await platform.waitUntilHealthy(60_000);
    c = await connect();
    assert.deepEqual((await c.query('select note from kept')).rows, [{ note: 'still here' }]);
    await c.end();

    await platform.stop();
    platform = await startLocalPlatform({
      platform: dwp,
      rootDir: ROOT,
      dataDir,
      fresh: true,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
      replicas: () => 1,
    });
    await platform.waitUntilHealthy(60_000);
    c = await connect();
    await assert.rejects(c.query('select note from kept'), /relation "kept" does not exist/);
    await c.end();
  });
});
