/**
 * A crash between commit and publish loses no notification and sends none twice. claims-api runs
 * as a real process (PostgreSQL, the S3 and SQS stand-ins); the notifier's worker consumes the same
 * queue in this process and sends through the Notify sandbox. Two crashes are staged with
 * `OUTBOX_FAULT`: one after the commit and before anything is published (`hold`, then SIGKILL), and
 * one after publishing and before the outbox row is marked (`crash-after-publish`, which SIGKILLs
 * itself). After each restart the citizen gets exactly one email.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { signedCallers, type SignedCallers } from '@dwp/data-kit/testing/signed-callers';
import { createTestDatabase, type TestDatabase } from '@dwp/data-kit/testing/test-database';
import { waitFor as waitUntil } from '@dwp/data-kit/testing/wait-for';

/** The crash test's waits span a restart: up to 30 s each. */
const waitFor = (what: string, predicate: () => boolean | Promise<boolean>) => waitUntil(what, predicate, 30_000);
import { dwp } from '@dwp/platforms/dwp';
import type { UserIdentity } from '@dwp/service-kit';
import { DeliveryWorker } from '../../apps/notifier/src/delivery-worker.ts';
import { NotifySender } from '../../apps/notifier/src/ports/notify-sender.ts';
import { createQueueConsumer, type QueueConsumer } from '../../apps/notifier/src/queue-consumer.ts';
import { Deliveries } from '../../apps/notifier/src/store/deliveries.ts';
import { freePort, s3StandIn, type PlannedStandIn } from '@dwp/dev-runtime';
import { createNotifySandbox, type NotifySandbox } from '@dwp/sandboxes';
import { SqsServer } from '@dwp/sqs-server';
import { ifAssigned } from './fixtures/hooks.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const CLAIMS_MAIN = join(ROOT, 'apps/claims-api/src/main.ts');
const NOTIFY_KEY = 'dwp_crash-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0';
const local = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const dynalite = createRequire(import.meta.url)('dynalite') as (opts: object) => Server;
const amanda: UserIdentity = { sub: 'crash-amanda', username: 'amanda', roles: ['citizen'] };

describe('claims-api killed between commit and publish', () => {
  let db: TestDatabase;
  let dataDir: string;
  let s3: PlannedStandIn;
  let queue: SqsServer;
  let ddbServer: Server;
  let notify: NotifySandbox;
  let consumer: QueueConsumer;
  let sqs: SQSClient;
  let deliveries: Deliveries;
  let callers: SignedCallers;
  let child: ChildProcess | undefined;
  let url = '';

  async function startClaims(fault: 'none' | 'hold' | 'crash-after-publish'): Promise<void> {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [CLAIMS_MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DISCOVERY_MODE: 'dns',
        SEED_DEV_DATA: 'false',
        OUTBOX_FAULT: fault,
        DATABASE_URL: db.url,
        SQS_ENDPOINT: queue.endpoint,
        SQS_QUEUE_URL_NOTIFICATIONS: queue.queueUrl('notifications'),
        ...s3.env,
        ...callers.env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const c = child;
    await waitFor('claims-api to be healthy', async () => {
      if (c.exitCode !== null) throw new Error(`claims-api exited with ${c.exitCode}`);
      return fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
    });
  }

  async function kill(): Promise<void> {
    const c = child!;
    if (c.exitCode === null && c.signalCode === null) {
      const exited = once(c, 'exit');
      c.kill('SIGKILL');
      await exited;
    }
  }

  const call = async (method: string, path: string, body: object = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(await callers.asUser(amanda)) },
      body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path} answered ${res.status}`);
    return (await res.json()) as { id: string; state: string };
  };
  const unpublished = async () =>
    (await db.pool.query<{ n: number }>('select count(*)::int as n from outbox where published_at is null')).rows[0]!.n;
  const emailsFor = (claimId: string) => notify.sent.filter((n) => n.type === 'email' && n.body.includes(claimId));

  before(async () => {
    db = await createTestDatabase('claims_crash');
    dataDir = await mkdtemp(join(tmpdir(), 'claims-crash-'));
    s3 = await s3StandIn.plan({ platform: dwp, rootDir: ROOT, dataDir, logDir: dataDir, env: {} });
    await s3.ready();
    queue = new SqsServer({
      queues: [
        { name: 'notifications', redrive: { deadLetterQueue: 'notifications-dlq', maxReceiveCount: 5 } },
        { name: 'notifications-dlq' },
      ],
    });
    await queue.listen(0);
    ddbServer = dynalite({ createTableMs: 0 });
    await new Promise<void>((r) => {
      ddbServer.listen(0, '127.0.0.1', () => {
        r();
      });
    });
    const ddb = new DynamoDBClient({
      ...local,
      endpoint: `http://127.0.0.1:${(ddbServer.address() as AddressInfo).port}`,
    });
    await ddb.send(
      new CreateTableCommand({
        TableName: 'deliveries',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'eventId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'eventId', KeyType: 'HASH' }],
      }),
    );
    deliveries = new Deliveries(ddb, 'deliveries');
    notify = createNotifySandbox({ apiKey: NOTIFY_KEY, logLevel: 'silent' });
    await notify.app.listen({ port: 0, host: '127.0.0.1' });
    sqs = new SQSClient({ ...local, endpoint: queue.endpoint });
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const worker = new DeliveryWorker({
      deliveries,
      recipients: {
        forUser: async (sub) =>
          sub === amanda.sub
            ? { givenName: 'Amanda', email: 'amanda@example.com', channels: { email: true, sms: false } }
            : undefined,
      },
      sender: new NotifySender(`http://127.0.0.1:${(notify.app.server.address() as AddressInfo).port}`, NOTIFY_KEY),
      log: silent,
    });
    consumer = createQueueConsumer({
      sqs,
      queueUrl: queue.queueUrl('notifications'),
      worker,
      log: silent,
      waitTimeSeconds: 1,
      retryDelay: () => 1,
    });
    consumer.start();
    callers = await signedCallers(dwp, 'claims-api');
  });

  after(async () => {
    if (child) await kill();
    ifAssigned(consumer)?.stop();
    ifAssigned(sqs)?.destroy();
    await ifAssigned(notify)?.app.close();
    await ifAssigned(queue)?.close();
    const server = ifAssigned(ddbServer);
    if (server) await new Promise((r) => server.close(r));
    await ifAssigned(s3)?.stop();
    await ifAssigned(db)?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sends the notification exactly once after a SIGKILL between the commit and the publish', async () => {
    await startClaims('hold');
    const claim = await call('POST', '/claims/claims', { benefit: 'universal-credit' });
    assert.equal(
      (await call('POST', `/claims/claims/${claim.id}/withdraw`, { reason: 'Found work' })).state,
      'withdrawn',
    );
    assert.equal(await unpublished(), 1, 'the event is committed with the change');
    await kill();
    assert.equal(queue.depth('notifications'), 0, 'nothing was published before the crash');
    assert.equal(emailsFor(claim.id).length, 0);

    await startClaims('none');
    await waitFor('the email after the restart', () => emailsFor(claim.id).length > 0);
    await waitFor(
      'the outbox to be marked and the queue drained',
      async () => (await unpublished()) === 0 && queue.depth('notifications') === 0,
    );
    assert.equal(emailsFor(claim.id).length, 1);
    assert.match(emailsFor(claim.id)[0]!.subject!, /You cancelled your Universal Credit claim/);
    await kill();
  });

  it('sends it exactly once when the crash comes after publishing and before the outbox is marked', async () => {
    await startClaims('none');
    const claim = await call('POST', '/claims/claims', { benefit: 'new-style-jsa' });
    await kill();
    await startClaims('crash-after-publish');
    const crashed = once(child!, 'exit');
    // The change commits and answers; the relay then publishes and the process kills itself.
    await call('POST', `/claims/claims/${claim.id}/withdraw`, {}).catch(() => undefined);
    const [, signal] = (await crashed) as [number | null, string | null];
    assert.equal(signal, 'SIGKILL');
    assert.equal(await unpublished(), 1, 'published but not marked');
    await waitFor('the first copy to be delivered', () => emailsFor(claim.id).length > 0);

    await startClaims('none');
    await waitFor(
      'the second copy to be published and handled',
      async () => (await unpublished()) === 0 && queue.depth('notifications') === 0,
    );
    const deliveredEvent = (
      await db.pool.query<{ id: string }>(
        "select id from outbox where type = 'claim.withdrawn' and payload->'data'->>'claimId' = $1",
        [claim.id],
      )
    ).rows[0]!.id;
    assert.equal((await deliveries.get(deliveredEvent))?.status, 'done');
    assert.equal(emailsFor(claim.id).length, 1, 'the duplicate was recognised by its event id');
  });
});
