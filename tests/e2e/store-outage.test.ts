/**
 * A data store that dies is brought back, and nothing is lost or answered with a 500 meanwhile,
 * against `npm start`'s processes: the embedded PostgreSQL and the DynamoDB stand-in are each
 * SIGKILLed under a citizen's reads, and the S3 stand-in while evidence is uploaded. Every answer
 * is a success or a 503 in the one error shape (a service's own 503 with Retry-After); the runtime
 * starts the store again by itself (its restart in /status); the services reconnect without being
 * restarted; what was written before the kill is there after it, and a refused upload leaves no
 * record. With the SQS stand-in SIGKILLed, a change still commits, its event waits in the outbox,
 * and its email goes exactly once when the queue is back.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@dwp/data-kit/testing/wait-for';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import type { LocalPlatform } from '@dwp/dev-runtime';
import { z } from 'zod';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const claimList = z.object({ items: z.array(z.object({ id: z.string() })) });
const evidenceList = z.object({ items: z.array(z.object({ id: z.string(), fileName: z.string() })) });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const kept = z.object({
  name: z.string(),
  state: z.string().optional(),
  restarts: z.number().optional(),
  pid: z.number().optional(),
});
const status = z.object({
  stores: z.array(kept),
  standIns: z.array(kept),
  services: z.array(z.object({ name: z.string(), instances: z.array(z.object({ restarts: z.number() })) })),
});
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

describe('data stores SIGKILLed under load', () => {
  let started: TestPlatform;
  let platform: LocalPlatform;
  let headers: Record<string, string>;
  let claimId: string;
  const api = (path: string) => `${platform.entryUrl}/api${path}`;
  const statusNow = async () => status.parse(await (await fetch(`${platform.adminUrl}/status`)).json());
  const keptNamed = async (name: string) => {
    const s = await statusNow();
    const found = [...s.stores, ...s.standIns].find((k) => k.name === name);
    assert.ok(found, `${name} is in /status`);
    return found;
  };

  /** SIGKILLs a store, then reads until the runtime has it running again; every answer checked. */
  async function throughOutage(
    name: string,
    read: () => Promise<Response>,
    isBack: (res: Response) => Promise<boolean>,
  ) {
    const before = await keptNamed(name);
    assert.equal(before.state, 'running');
    assert.ok(before.pid, `${name} has a pid in /status`);
    process.kill(before.pid, 'SIGKILL');
    const seen = new Map<number, number>();
    const faults: string[] = [];
    const deadline = Date.now() + 60_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      const res = await read();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      if (res.status < 400) {
        const now = await keptNamed(name);
        // Back means started again by the runtime, not a connection that outlived its server.
        back = now.state === 'running' && (now.restarts ?? 0) > (before.restarts ?? 0) && (await isBack(res));
        continue;
      }
      const body = errorBody.safeParse(await res.json().catch(() => undefined));
      if (res.status !== 503 || !body.success) faults.push(`${res.status} ${JSON.stringify(body)}`);
      else if (body.data.error.code === 'SVC_ERR_UNAVAILABLE' && res.headers.get('retry-after') === null)
        faults.push('a 503 from the service without Retry-After');
    }
    const answers = JSON.stringify([...seen]);
    console.log(`[store outage] ${name}: answers while down and back, by status: ${answers}`);
    assert.deepEqual(faults, [], `answers seen: ${answers}`);
    assert.ok(back, `${name} came back and requests succeed again; answers seen: ${answers}`);
    assert.ok((seen.get(503) ?? 0) > 0, `requests while ${name} was down were refused: ${answers}`);
    assert.equal((await keptNamed(name)).restarts, (before.restarts ?? 0) + 1);
  }

  before(async () => {
    started = await startTestPlatform('outage');
    platform = started.platform;
    const token = (await signIn(platform.entryUrl, await seededUser(started.dataDir, 'test-citizen'))).accessToken;
    headers = { authorization: `Bearer ${token}` };
    const registered = await fetch(api('/citizen/citizens'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'outage-register-1' },
      body: JSON.stringify({
        name: { given: 'Amanda', family: 'Rowe' },
        dateOfBirth: '1985-03-14',
        nino: 'AA123456A',
        contact: { email: 'amanda.rowe@example.com' },
        address: { uprn: '100023015838' },
        consents: { hmrcIncome: true },
      }),
    });
    assert.equal(registered.status, 201, await registered.text());
    const created = await fetch(api('/claims/claims'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'outage-claim-1' },
      body: JSON.stringify({ benefit: 'universal-credit' }),
    });
    assert.equal(created.status, 201);
    claimId = z.object({ id: z.string() }).parse(await created.json()).id;
  });
  after(async () => {
    await ifAssigned(started)?.stop();
  });

  it('PostgreSQL: reads and writes get 503 with Retry-After while it is down, never 500, and every acknowledged claim is there after', async () => {
    const written: string[] = [claimId];
    let n = 0;
    let lastWasRead = false;
    await throughOutage(
      'postgres',
      async () => {
        n++;
        lastWasRead = n % 2 === 0;
        if (lastWasRead) return fetch(api('/claims/claims?limit=100'), { headers });
        const res = await fetch(api('/claims/claims'), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `outage-write-${n}` },
          body: JSON.stringify({ benefit: 'new-style-esa' }),
        });
        if (res.status === 201) written.push(z.object({ id: z.string() }).parse(await res.clone().json()).id);
        return res;
      },
      async (res) => {
        if (!lastWasRead) return false;
        const ids = new Set(claimList.parse(await res.json()).items.map((c) => c.id));
        const missing = written.filter((id) => !ids.has(id));
        assert.deepEqual(missing, [], 'every claim acknowledged with a 201 is there after');
        return true;
      },
    );
    const claims = (await statusNow()).services.find((s) => s.name === 'claims-api');
    assert.deepEqual(
      claims?.instances.map((i) => i.restarts),
      claims?.instances.map(() => 0),
      'claims-api reconnected by itself, without a restart',
    );
  });

  it('the DynamoDB stand-in: the same, and the citizen record is there after', async () => {
    await throughOutage(
      'dynamodb',
      () => fetch(api('/citizen/citizens/me'), { headers }),
      async (res) => z.object({ nino: z.string() }).parse(await res.json()).nino === 'AA123456A',
    );
  });

  it('the S3 stand-in: an upload while it is down is refused and leaves no record', async () => {
    const upload = (fileName: string) =>
      fetch(api(`/claims/claims/${claimId}/evidence?fileName=${fileName}`), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/pdf' },
        body: PDF,
      });
    const evidence = async () =>
      evidenceList.parse(await (await fetch(api(`/claims/claims/${claimId}/evidence`), { headers })).json()).items;
    assert.equal((await upload('before.pdf')).status, 201);
    let attempt = 0;
    await throughOutage(
      's3',
      () => upload(`during-${++attempt}.pdf`),
      async () => true,
    );
    const names = (await evidence()).map((e) => e.fileName);
    // Only the uploads that were answered 201 have a record: the refused ones left none.
    assert.ok(names.includes('before.pdf'));
    assert.ok(names.includes(`during-${attempt}.pdf`), 'the upload after it came back is kept');
    assert.equal(names.filter((n) => n.startsWith('during-')).length, 1, `records: ${names.join(', ')}`);
  });

  it('the SQS stand-in: the outbox keeps the event while it is down, and the email goes once when it is back', async () => {
    const sqs = await keptNamed('sqs');
    assert.ok(sqs.pid);
    process.kill(sqs.pid, 'SIGKILL');
    const withdrawn = await fetch(api(`/claims/claims/${claimId}/withdraw`), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Found work' }),
    });
    assert.equal(withdrawn.status, 200, 'the change is committed with its event, whatever the queue');
    const cancelled = async () =>
      (await readFile(join(started.dataDir, 'logs', 'notify-sandbox-sent.jsonl'), 'utf8').catch(() => ''))
        .split('\n')
        .filter((l) => l.includes('You cancelled your Universal Credit claim') && l.includes(claimId));
    await waitFor(
      'the queue to be started again',
      async () => {
        const now = await keptNamed('sqs');
        return now.state === 'running' && (now.restarts ?? 0) > (sqs.restarts ?? 0);
      },
      60_000,
    );
    await waitFor('the email, once the queue is back', async () => (await cancelled()).length > 0, 60_000);
    // A later event's email has gone too by the time this one could have gone twice.
    const other = await fetch(api('/claims/claims'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'outage-claim-2' },
      body: JSON.stringify({ benefit: 'new-style-jsa' }),
    });
    const otherId = z.object({ id: z.string() }).parse(await other.json()).id;
    await fetch(api(`/claims/claims/${otherId}/withdraw`), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Changed my mind' }),
    });
    await waitFor(
      'the later email',
      async () =>
        (await readFile(join(started.dataDir, 'logs', 'notify-sandbox-sent.jsonl'), 'utf8').catch(() => '')).includes(
          otherId,
        ),
      60_000,
    );
    assert.equal((await cancelled()).length, 1, 'the email went exactly once');
  });
});
