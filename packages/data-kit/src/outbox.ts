/**
 * The transactional outbox: an event is inserted in the same transaction as the change it reports,
 * and a relay publishes committed events afterwards. A rolled-back change leaves no event; a crash
 * after the commit leaves the event in the table, and the next relay pass (this process restarted,
 * or another replica) publishes it. A crash between publishing and marking may publish an event
 * twice: consumers deduplicate by event id.
 */
import { currentTraceCarrier, withTraceCarrier, type TraceCarrier } from '@dwp/telemetry';
import type pg from 'pg';
import type { EventPublisher } from './event-publisher.ts';
import type { PlatformEvent } from './platform-event.ts';
import { inTransaction, type Tx } from './transaction.ts';

/**
 * Records the event with the trace context of the request that made it, so the relay publishes it
 * as part of that trace.
 */
export async function enqueueEvent(tx: Tx, event: PlatformEvent): Promise<void> {
  const carrier = currentTraceCarrier();
  await tx.query('insert into outbox (id, type, payload, created_at, trace_context) values ($1, $2, $3, $4, $5)', [
    event.id,
    event.type,
    JSON.stringify(event),
    event.occurredAt,
    Object.keys(carrier).length ? carrier : null,
  ]);
}

function isCarrier(value: unknown): value is TraceCarrier {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

export interface OutboxRelayOptions {
  /** How often the relay looks for events nobody kicked it for (after a restart, say). @default 1000 */
  readonly pollIntervalMs?: number;
  /** Events published per transaction. @default 50 */
  readonly batchSize?: number;
  /** Called after an event is published and before it is marked: the place a fault test crashes the process. */
  readonly afterPublish?: (event: PlatformEvent) => void;
  readonly onError?: (err: unknown) => void;
}

export const DEFAULT_OUTBOX_POLL_MS = 1000;
export const DEFAULT_OUTBOX_BATCH = 50;

export class OutboxRelay {
  readonly #pool: pg.Pool;
  readonly #publisher: EventPublisher;
  readonly #opts: OutboxRelayOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #again = false;

  constructor(pool: pg.Pool, publisher: EventPublisher, opts: OutboxRelayOptions = {}) {
    this.#pool = pool;
    this.#publisher = publisher;
    this.#opts = opts;
  }

  /** Publishes every committed, unpublished event; returns how many it published. Single-flight. */
  drain(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      let total = 0;
      this.#again = false;
      do {
        for (;;) {
          const n = await this.#publishBatch();
          total += n;
          if (n < (this.#opts.batchSize ?? DEFAULT_OUTBOX_BATCH)) break;
        }
      } while (this.#askedAgain());
      return total;
    })().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Whether another drain was asked for while this one ran (a commit landed meanwhile); forgets the ask. */
  #askedAgain(): boolean {
    const asked = this.#again;
    this.#again = false;
    return asked;
  }

  /** Asks for a drain soon, e.g. right after a commit that enqueued an event. */
  kick(): void {
    void this.drain().catch((err: unknown) => this.#opts.onError?.(err));
  }

  start(): void {
    if (this.#timer) return;
    this.kick();
    this.#timer = setInterval(() => {
      this.kick();
    }, this.#opts.pollIntervalMs ?? DEFAULT_OUTBOX_POLL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
  }

  async #publishBatch(): Promise<number> {
    return inTransaction(this.#pool, async (tx) => {
      // SKIP LOCKED: replicas relaying at once take different events.
      const { rows } = await tx.query<{ id: string; payload: PlatformEvent; trace_context: unknown }>(
        'select id, payload, trace_context from outbox where published_at is null order by id limit $1 for update skip locked',
        [this.#opts.batchSize ?? DEFAULT_OUTBOX_BATCH],
      );
      for (const row of rows) {
        const carrier = isCarrier(row.trace_context) ? row.trace_context : undefined;
        await withTraceCarrier(carrier, () => this.#publisher.publish(row.payload));
        this.#opts.afterPublish?.(row.payload);
        await tx.query('update outbox set published_at = now() where id = $1', [row.id]);
      }
      return rows.length;
    });
  }
}
