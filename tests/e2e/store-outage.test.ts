/**
 * A data store that dies is brought back, and nothing is lost or answered with a 500 meanwhile:
 * against `npm start`'s processes, the embedded PostgreSQL is SIGKILLed under a citizen's reads.
 * Every answer is a 200 or a 503 in the one error shape (a service's own 503 with Retry-After),
 * the runtime starts PostgreSQL again by itself (its restart in /status), the services reconnect
 * without being restarted, and the claim written before the kill is there after it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { z } from 'zod';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';
const claimList = z.object({ items: z.array(z.object({ id: z.string() })) });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const status = z.object({
  stores: z.array(z.object({ name: z.string(), state: z.string().optional(), restarts: z.number().optional() })),
  services: z.array(z.object({ name: z.string(), instances: z.array(z.object({ restarts: z.number() })) })),
});

describe('PostgreSQL SIGKILLed under load', () => {
  let started: TestPlatform;
  let dataDir: string;
  let platform: LocalPlatform;

  before(async () => {
    started = await startTestPlatform('outage');
    ({ platform, dataDir } = started);
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it('answers 503 with Retry-After while it is down, never 500, and comes back with nothing lost', async () => {
    const token = (await signIn(platform.entryUrl, await seededUser(dataDir, 'test-citizen'))).accessToken;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${platform.entryUrl}/api/claims/claims`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'outage-claim-1' },
      body: JSON.stringify({ benefit: 'universal-credit' }),
    });
    assert.equal(created.status, 201);
    const { id } = z.object({ id: z.string() }).parse(await created.json());
    const read = () => fetch(`${platform.entryUrl}/api/claims/claims`, { headers });
    assert.equal((await read()).status, 200);

    const pid = Number((await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.ok(Number.isInteger(pid) && pid > 0);
    process.kill(pid, 'SIGKILL');

    const seen = new Map<number, number>();
    const faults: string[] = [];
    const postgresNow = async () =>
      status.parse(await (await fetch(`${platform.adminUrl}/status`)).json()).stores.find((s) => s.name === 'postgres');
    const deadline = Date.now() + 60_000;
    let back = false;
    while (Date.now() < deadline) {
      const res = await read();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (res.status === 200) {
        const list = claimList.parse(await res.json());
        const pg = await postgresNow();
        // Back means started again by the runtime, not a connection that outlived its server.
        if (pg?.state === 'running' && (pg.restarts ?? 0) >= 1) {
          assert.ok(
            list.items.some((c) => c.id === id),
            'the claim written before the kill is there',
          );
          back = true;
          break;
        }
        continue;
      }
      const body = errorBody.safeParse(await res.json().catch(() => undefined));
      if (res.status !== 503 || !body.success) faults.push(`${res.status} ${JSON.stringify(body)}`);
      else if (body.data.error.code === 'SVC_ERR_UNAVAILABLE' && res.headers.get('retry-after') === null)
        faults.push('a 503 from the service without Retry-After');
    }
    assert.deepEqual(faults, [], `answers seen: ${JSON.stringify([...seen])}`);
    assert.ok(back, `PostgreSQL came back and reads succeed again; answers seen: ${JSON.stringify([...seen])}`);
    assert.ok((seen.get(503) ?? 0) > 0, `reads while it was down were refused: ${JSON.stringify([...seen])}`);
    console.log(`[store outage] answers while PostgreSQL was down and back, by status: ${JSON.stringify([...seen])}`);

    const now = status.parse(await (await fetch(`${platform.adminUrl}/status`)).json());
    assert.equal(now.stores.find((s) => s.name === 'postgres')?.restarts, 1);
    const claims = now.services.find((s) => s.name === 'claims-api');
    assert.deepEqual(
      claims?.instances.map((i) => i.restarts),
      claims?.instances.map(() => 0),
      'claims-api reconnected by itself, without a restart',
    );
  });
});
