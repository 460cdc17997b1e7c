import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventPublisher } from './event-publisher.ts';
import { idempotent, IdempotencyKeyReusedError } from './idempotency.ts';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { DATA_KIT_OUTBOX_TRACE_SQL, DATA_KIT_TABLES_SQL, migrate } from './migrations.ts';
import { enqueueEvent, OutboxRelay } from './outbox.ts';
import { newEvent, type PlatformEvent } from './platform-event.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { inTransaction } from './transaction.ts';

class RecordingPublisher implements EventPublisher {
  readonly published: PlatformEvent[] = [];
  /** The trace each event was published in (the relay's context at the time). */
  readonly tracedIn: Array<string | undefined> = [];
  failNext = false;
  async publish(event: PlatformEvent): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('queue unavailable');
    }
    this.published.push(event);
    this.tracedIn.push(trace.getSpan(context.active())?.spanContext().traceId);
  }
  close(): void {}
}

const MIGRATIONS = [
  { version: 1, name: 'data kit', sql: DATA_KIT_TABLES_SQL },
  { version: 2, name: 'outbox trace context', sql: DATA_KIT_OUTBOX_TRACE_SQL },
  { version: 3, name: 'widgets', sql: 'create table widgets (id serial primary key, name text not null)' },
];

describe('outbox, idempotency and migrations on a real PostgreSQL server', () => {
  let db: TestDatabase;
  /** Set once \`before\` has made the database, so \`after\` drops only one that exists. */
  let made: TestDatabase | undefined;
  before(async () => {
    db = made = await createTestDatabase('datakit');
    await migrate(db.pool, MIGRATIONS);
  });
  after(async () => {
    await made?.drop();
  });

  it('applies each migration once, however often it is asked', async () => {
    const again = await migrate(db.pool, MIGRATIONS);
    assert.deepEqual(again, []);
  });

  it('refuses to run against a database that has migrations this code does not know', async () => {
    await assert.rejects(migrate(db.pool, MIGRATIONS.slice(0, 2)), /does not know \(3\)/);
  });

  it('publishes a committed event and never one whose change rolled back', async () => {
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(db.pool, publisher);
    const kept = newEvent('test', 'widget.created', 'u-1', { n: 1 });
    const lost = newEvent('test', 'widget.created', 'u-1', { n: 2 });
    await inTransaction(db.pool, async (tx) => {
      await tx.query("insert into widgets (name) values ('kept')");
      await enqueueEvent(tx, kept);
    });
    await assert.rejects(
      inTransaction(db.pool, async (tx) => {
        await tx.query("insert into widgets (name) values ('lost')");
        await enqueueEvent(tx, lost);
        throw new Error('the change fails');
      }),
    );
    assert.equal(await relay.drain(), 1);
    assert.deepEqual(
      publisher.published.map((e) => e.id),
      [kept.id],
    );
    assert.equal(await relay.drain(), 0);
  });

  it('publishes an event in the trace of the request that made it, and an untraced one in none', async () => {
    // What the telemetry preload sets up in a service process, here for this test's process.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const tracer = new TracerProvider().getTracer('outbox-test');
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(db.pool, publisher);
    const traced = newEvent('test', 'widget.created', 'u-3', {});
    const untraced = newEvent('test', 'widget.created', 'u-3', {});
    const span = tracer.startSpan('POST /widgets');
    await context.with(trace.setSpan(context.active(), span), () =>
      inTransaction(db.pool, (tx) => enqueueEvent(tx, traced)),
    );
    span.end();
    await inTransaction(db.pool, (tx) => enqueueEvent(tx, untraced));
    // The relay runs outside any request, as its timer does.
    assert.equal(await context.with(context.active(), () => relay.drain()), 2);
    assert.deepEqual(publisher.tracedIn, [span.spanContext().traceId, undefined]);
    context.disable();
    propagation.disable();
  });

  it('keeps an event whose publishing failed and publishes it on the next pass', async () => {
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(db.pool, publisher);
    const event = newEvent('test', 'widget.updated', 'u-2', {});
    await inTransaction(db.pool, (tx) => enqueueEvent(tx, event));
    publisher.failNext = true;
    await assert.rejects(relay.drain(), /queue unavailable/);
    assert.equal(await relay.drain(), 1);
    assert.deepEqual(
      publisher.published.map((e) => e.id),
      [event.id],
    );
  });

  it('gives the same answer to a retried key and creates nothing twice, even when the retries race', async () => {
    const create = () =>
      idempotent(db.pool, { scope: 'u-1:widgets', key: 'key-00000001', fingerprint: 'f1' }, async (tx) => {
        const { rows } = await tx.query<{ id: number }>("insert into widgets (name) values ('idem') returning id");
        return { status: 201, body: { id: rows[0]!.id } };
      });
    const answers = await Promise.all([create(), create(), create()]);
    assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
    assert.deepEqual(answers.map((a) => a.replayed).sort(), [false, true, true]);
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from widgets where name = 'idem'");
    assert.equal(rows[0]?.n, 1);
  });

  it('refuses a key reused for a different request', async () => {
    await idempotent(db.pool, { scope: 's', key: 'key-00000002', fingerprint: 'a' }, async () => ({
      status: 201,
      body: {},
    }));
    await assert.rejects(
      idempotent(db.pool, { scope: 's', key: 'key-00000002', fingerprint: 'b' }, async () => ({
        status: 201,
        body: {},
      })),
      (err: unknown) => err instanceof IdempotencyKeyReusedError && err.code === 'DATA_ERR_IDEMPOTENCY_KEY_REUSED',
    );
  });
});
