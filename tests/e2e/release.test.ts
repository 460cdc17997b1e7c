/**
 * Release rehearsals of claims-api on the whole platform, through `npm run release` (scripts/release.ts)
 * against a running runtime, under a steady stream of a citizen's requests through the public entry
 * (GETs of their claims, and POSTs starting claims):
 *  (a) a good canary finishes with no failed request, and the new set serves alone afterwards;
 *  (b) a new version whose health check fails never takes a request and is rolled back;
 *  (c) a new version that answers half its requests with 503 is rolled back by the alarm within
 *      its first step; no GET fails (each is replayed on the old set), and every failed POST is
 *      counted and reported.
 * The test pins claims-api's deployment (a 10 % canary watched by a 5xx alarm over two periods) so
 * it tests the rehearsal, not whichever numbers the DWP definition holds today; a definition minute
 * is 1 s.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploymentSchema, type Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { startLocalPlatform, type LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { ifAssigned } from './fixtures/hooks.ts';
import { ROOT } from './fixtures/test-platform.ts';

const SERVICE = 'claims-api';
const MINUTE_MS = '1000';

const definition: Platform = {
  ...dwp,
  services: dwp.services.map((s) =>
    s.name === SERVICE
      ? {
          ...s,
          deployment: deploymentSchema.parse({
            strategy: 'canary',
            percent: 10,
            stepBakeMinutes: 1,
            bakeMinutes: 1,
            smokeTest: { path: '/claims/health' },
            rollbackAlarms: { errorRatePercentAbove: 1, periodSeconds: 60, datapoints: 2 },
          }),
        }
      : s,
  ),
};

interface Tally {
  gets: number;
  posts: number;
  readonly failedGets: string[];
  readonly failedPosts: string[];
}

/** A citizen's requests through the edge until stopped: three readers and one writer. */
function requestStream(entryUrl: string, token: string) {
  const tally: Tally = { gets: 0, posts: 0, failedGets: [], failedPosts: [] };
  let running = true;
  const auth = { authorization: `Bearer ${token}` };
  const outcome = async (res: Response) => {
    const text = await res.text();
    return res.ok ? undefined : `${res.status} ${text.slice(0, 160)}`;
  };
  const reader = async () => {
    while (running) {
      tally.gets++;
      const failed = await fetch(`${entryUrl}/api/claims/claims?limit=5`, { headers: auth }).then(
        outcome,
        (e: unknown) => String(e),
      );
      if (failed) tally.failedGets.push(failed);
    }
  };
  const writer = async () => {
    while (running) {
      tally.posts++;
      const failed = await fetch(`${entryUrl}/api/claims/claims`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ benefit: 'universal-credit' }),
      }).then(outcome, (e: unknown) => String(e));
      if (failed) tally.failedPosts.push(failed);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const loops = [reader(), reader(), reader(), writer()];
  return {
    tally,
    async stop(): Promise<Tally> {
      running = false;
      await Promise.all(loops);
      return tally;
    },
  };
}

/** `npm run release -- ...` against this test's runtime. */
function releaseCli(adminUrl: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'scripts/release.ts'), SERVICE, '--minute-ms', MINUTE_MS, '--admin-url', adminUrl, ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      resolve({ code, out });
    });
  });
}

interface ReleaseAnswer {
  readonly id: string;
  readonly state: string;
  readonly reason?: string;
  readonly env: string[];
  readonly toRevision: number;
  readonly green: { instances: string[]; requests: number; errors: number };
  readonly steps: { phase: string; percent: number; outcome: string; periods: { requests: number }[] }[];
}

describe('release rehearsals of claims-api under a stream of requests', { timeout: 170_000 }, () => {
  let dataDir: string;
  let platform: LocalPlatform;
  let token: string;

  const latestRelease = async (): Promise<ReleaseAnswer> => {
    const { releases } = (await (await fetch(`${platform.adminUrl}/v1/releases`)).json()) as {
      releases: ReleaseAnswer[];
    };
    return releases.at(-1)!;
  };
  const servingIds = () =>
    platform.registry
      .instancesOf(SERVICE)
      .map((i) => i.id)
      .sort();
  const report = (what: string, tally: Tally) =>
    `${what}: ${tally.gets} GETs (${tally.failedGets.length} failed), ${tally.posts} POSTs (${tally.failedPosts.length} failed${
      tally.failedPosts.length ? `: ${[...new Set(tally.failedPosts.map((f) => f.slice(0, 3)))].join(', ')}` : ''
    })`;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwp-release-'));
    platform = await startLocalPlatform({
      platform: definition,
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env: {},
      console: () => undefined,
      replicas: (name, n) => (name === SERVICE ? 2 : n),
    });
    await platform.waitUntilHealthy(120_000);
    token = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-citizen'))).accessToken;
  });

  after(async () => {
    await ifAssigned(platform)?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('(a) finishes a good canary with no failed request, and the new set serves alone', async (t) => {
    const stream = requestStream(platform.entryUrl, token);
    const run = await releaseCli(platform.adminUrl, ['--strategy', 'canary', '--env', 'RELEASE_LABEL=v2']);
    const tally = await stream.stop();
    t.diagnostic(report('good canary', tally));
    t.diagnostic(run.out);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /traffic 10 %/);
    assert.match(run.out, /traffic 100 %/);
    assert.deepEqual([tally.failedGets, tally.failedPosts], [[], []]);
    assert.ok(tally.gets > 20, `only ${tally.gets} GETs were sent`);

    const release = await latestRelease();
    assert.equal(release.state, 'succeeded');
    assert.deepEqual(release.env, ['RELEASE_LABEL']);
    assert.deepEqual(
      release.steps.map((s) => `${s.phase}${s.phase === 'traffic' ? ` ${s.percent}` : ''}: ${s.outcome}`),
      [
        'start-green: passed',
        'health-check: passed',
        'smoke-test: passed',
        'traffic 10: passed',
        'traffic 100: passed',
        'finish: passed',
      ],
    );
    const canary = release.steps.find((s) => s.phase === 'traffic' && s.percent === 10)!;
    assert.ok(
      canary.periods.some((p) => p.requests > 0),
      'the new version took requests during the 10 % step',
    );
    assert.deepEqual(servingIds(), ['claims-api-r2-1', 'claims-api-r2-2']);
    assert.ok(platform.registry.instancesOf(SERVICE).every((i) => i.state.kind === 'healthy'));

    // What a citizen sends now reaches the new set: its own metrics count it.
    const answered = async () => {
      let n = 0;
      for (const i of platform.registry.instancesOf(SERVICE)) {
        const text = await (await fetch(`http://${i.host}:${i.port}/metrics`)).text();
        for (const m of text.matchAll(/^http_requests_total\{[^}]*route="\/claims\/claims"[^}]*\} (\d+)$/gm))
          n += Number(m[1]);
      }
      return n;
    };
    const before = await answered();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${platform.entryUrl}/api/claims/claims?limit=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    assert.equal((await answered()) - before, 6);
  });

  it('(b) never sends a request to a new version whose health check fails, and rolls it back', async (t) => {
    const stream = requestStream(platform.entryUrl, token);
    const run = await releaseCli(platform.adminUrl, ['--env', 'FAULT_HEALTH=fail', '--health-timeout-ms', '6000']);
    const tally = await stream.stop();
    t.diagnostic(report('failing health check', tally));
    t.diagnostic(run.out);
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, /Rolled back claims-api/);

    const release = await latestRelease();
    assert.equal(release.state, 'rolled-back');
    assert.match(release.reason ?? '', /not healthy within 6000 ms: claims-api-r3-1 \(starting: HTTP 503\)/);
    assert.ok(!release.steps.some((s) => s.phase === 'traffic'), 'no traffic step was taken');
    assert.equal(release.green.requests, 0, "the new version's metrics count no request");
    assert.deepEqual([tally.failedGets, tally.failedPosts], [[], []]);
    assert.deepEqual(servingIds(), ['claims-api-r2-1', 'claims-api-r2-2']);
  });

  it('(c) rolls back a version answering 5xx at 50 % within its first step; no GET fails', async (t) => {
    const stream = requestStream(platform.entryUrl, token);
    const run = await releaseCli(platform.adminUrl, ['--env', 'FAULT_5XX_RATE=0.5']);
    const tally = await stream.stop();
    t.diagnostic(report('5xx at 50 %', tally));
    for (const f of tally.failedPosts) t.diagnostic(`failed POST: ${f}`);
    t.diagnostic(run.out);
    assert.equal(run.code, 1, run.out);

    const release = await latestRelease();
    assert.equal(release.state, 'rolled-back');
    assert.match(release.reason ?? '', /rollback alarm fired after 2 breaching periods in a row: 5xx rate/);
    const traffic = release.steps.filter((s) => s.phase === 'traffic');
    assert.deepEqual(
      traffic.map((s) => [s.percent, s.outcome]),
      [[10, 'failed']],
      'rolled back in the 10 % step, before any more traffic moved',
    );
    assert.ok(release.green.errors > 0, 'the new version answered 5xx');
    assert.deepEqual(tally.failedGets, [], 'every GET the new version failed was replayed on the old set');
    assert.ok(
      tally.failedPosts.every((f) => f.startsWith('503') && f.includes('SVC_ERR_FAULT_INJECTED')),
      tally.failedPosts.join('\n'),
    );
    assert.deepEqual(servingIds(), ['claims-api-r2-1', 'claims-api-r2-2']);

    const status = (await (await fetch(`${platform.adminUrl}/status`)).json()) as {
      services: { name: string; release?: { id: string; state: string; toRevision: number } }[];
    };
    assert.deepEqual(
      status.services.find((s) => s.name === SERVICE)?.release,
      {
        ...status.services.find((s) => s.name === SERVICE)?.release,
        id: release.id,
        state: 'rolled-back',
        toRevision: 4,
      },
      'the status JSON shows the last release of the service',
    );
  });
});
