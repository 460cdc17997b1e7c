import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSmokeTest, type SmokeTestDeps } from './smoke-test.ts';
import { parseSmokeUser } from './smoke-user.ts';

const user = parseSmokeUser(
  JSON.stringify({ username: 'smoke', password: 'pw', totpSecret: 'JBSWY3DPEHPK3PXP', readPath: '/api/identity/me' }),
);

/** Answers each URL from a list of statuses in turn (the last repeats), recording what was asked. */
function fakeDeps(statuses: Record<string, number[]>, token = 'token') {
  const asked: { url: string; headers: Record<string, string> }[] = [];
  const pauses: number[] = [];
  const deps: SmokeTestDeps = {
    fetch: (url, init) => {
      asked.push({ url, headers: init?.headers ?? {} });
      const list = statuses[url] ?? [404];
      const status = list.length > 1 ? list.shift()! : list[0]!;
      return Promise.resolve({ status });
    },
    signIn: () => Promise.resolve(token),
    pause: (ms) => {
      pauses.push(ms);
      return Promise.resolve();
    },
  };
  return { deps, asked, pauses };
}

describe('runSmokeTest', () => {
  const healthPaths = [{ service: 'claims-api', path: '/api/claims/health' }];

  it('passes when every health route and the signed-in read answer 200, sending the token only to the read', async () => {
    const { deps, asked } = fakeDeps({
      'https://e.example/api/claims/health': [200],
      'https://e.example/api/identity/me': [200],
    });
    const results = await runSmokeTest({ baseUrl: 'https://e.example/', healthPaths, user }, deps);
    assert.deepEqual(
      results.map((r) => [r.name, r.ok]),
      [
        ['claims-api health', true],
        ['authenticated GET /api/identity/me', true],
      ],
    );
    assert.deepEqual(asked[0]?.headers, {});
    assert.deepEqual(asked[1]?.headers, { authorization: 'Bearer token' });
  });

  it('retries a check until it passes, within the attempts it is given', async () => {
    const { deps, pauses } = fakeDeps({
      'https://e.example/api/claims/health': [503, 503, 200],
      'https://e.example/api/identity/me': [200],
    });
    const results = await runSmokeTest(
      { baseUrl: 'https://e.example', healthPaths, user, attempts: 3, pauseMs: 7 },
      deps,
    );
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(pauses, [7, 7]);
  });

  it('fails a check that never answers 200 and reports the last status', async () => {
    const { deps } = fakeDeps({
      'https://e.example/api/claims/health': [502],
      'https://e.example/api/identity/me': [401],
    });
    const results = await runSmokeTest(
      { baseUrl: 'https://e.example', healthPaths, user, attempts: 2, pauseMs: 0 },
      deps,
    );
    assert.deepEqual(
      results.map((r) => [r.ok, r.detail]),
      [
        [false, 'HTTP 502'],
        [false, 'HTTP 401'],
      ],
    );
  });

  it('fails the release when the smoke user cannot sign in', async () => {
    const { deps } = fakeDeps({ 'https://e.example/api/claims/health': [200] });
    const results = await runSmokeTest(
      { baseUrl: 'https://e.example', healthPaths, user },
      { ...deps, signIn: () => Promise.reject(new Error('sign-in of smoke answered 400')) },
    );
    assert.deepEqual(results.at(-1), { name: 'sign-in', ok: false, detail: 'sign-in of smoke answered 400' });
  });

  it('refuses a base URL with a path', async () => {
    await assert.rejects(
      runSmokeTest({ baseUrl: 'https://e.example/api', healthPaths, user }, fakeDeps({}).deps),
      /is not an origin/,
    );
  });
});

describe('parseSmokeUser', () => {
  it('names the missing field without echoing the secret', () => {
    assert.throws(
      () => parseSmokeUser(JSON.stringify({ username: 'smoke', password: 'hunter2', totpSecret: 'JBSWY3DP' })),
      (err: Error) => /readPath/.test(err.message) && !err.message.includes('hunter2'),
    );
    assert.throws(() => parseSmokeUser(''), /empty/);
    assert.throws(() => parseSmokeUser('{'), /not JSON/);
  });
});
