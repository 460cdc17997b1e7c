/**
 * Versioned schema migrations, applied on start in order, each in its own transaction, each once.
 * An advisory lock makes replicas that start together take turns, so a migration never runs twice.
 */
import type pg from 'pg';
import { inTransaction } from './transaction.ts';

export interface Migration {
  /** Positive, increasing; never reused or renumbered once released. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class MigrationError extends Error {
  static readonly code = 'DATA_ERR_MIGRATION';
  readonly code = MigrationError.code;
}

/** Arbitrary, fixed: the advisory lock key every service's migration run takes. */
const MIGRATION_LOCK_KEY = 7_204_118;

function check(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version <= 0)
      throw new MigrationError(`migration "${m.name}" needs a positive integer version`);
    if (i > 0 && m.version <= migrations[i - 1]!.version)
      throw new MigrationError(`migration ${m.version} "${m.name}" is out of order`);
  });
}

/** Applies the migrations not yet applied; returns the versions it applied. */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<number[]> {
  check(migrations);
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const { rows } = await client.query<{ version: number }>('select version from schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    if (unknown.length)
      throw new MigrationError(
        `the database has migrations this code does not know (${unknown.join(', ')}); deploy a newer version`,
      );
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await inTransaction(pool, async (tx) => {
        await tx.query(m.sql);
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      });
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** The tables data-kit itself needs (outbox and idempotency keys): a service puts this in its first migration. */
export const DATA_KIT_TABLES_SQL = `
  create table outbox (
    id uuid primary key,
    type text not null,
    payload jsonb not null,
    created_at timestamptz not null default now(),
    published_at timestamptz
  );
  create index outbox_unpublished on outbox (id) where published_at is null;
  create table idempotency_keys (
    scope text not null,
    key text not null,
    fingerprint text not null,
    status integer not null,
    body jsonb not null,
    created_at timestamptz not null default now(),
    primary key (scope, key)
  );
`;

/** Adds where an outbox event keeps the trace context of the request that made it: a service adds this as a new migration. */
export const DATA_KIT_OUTBOX_TRACE_SQL = `alter table outbox add column trace_context jsonb;`;
