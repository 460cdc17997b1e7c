/**
 * A PostgreSQL pool for the service's own database: `DATABASE_URL` locally, or the RDS secret's
 * fields (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE) that ECS injects on AWS, which `pg` reads itself.
 */
import pg from 'pg';
import { ENV } from '@dwp/platform';
import type { DependencyCheck } from '../health.ts';

export interface PostgresStore {
  readonly pool: pg.Pool;
  readonly check: DependencyCheck;
  /** Resolves once the server accepts a query; rejects after `timeoutMs`. */
  waitUntilReachable(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** How long a starting service waits for its database before giving up (and being restarted). */
export const POSTGRES_STARTUP_WAIT_MS = 30_000;

/** @default pool size 10, idle 30 s */
export function openPostgres(env: NodeJS.ProcessEnv, opts: { max?: number; applicationName: string }): PostgresStore {
  const url = env[ENV.databaseUrl];
  if (!url && !env.PGHOST) {
    throw new TypeError(`PostgreSQL is not configured: set ${ENV.databaseUrl} or PGHOST/PGUSER/PGPASSWORD/PGDATABASE`);
  }
  const pool = new pg.Pool({
    ...(url ? { connectionString: url } : {}),
    max: opts.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 2000,
    application_name: opts.applicationName,
    ...(env.PGSSLMODE === 'require' ? { ssl: { rejectUnauthorized: true } } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    pool,
    check: { name: 'postgres', check: () => pool.query('select 1') },
    async waitUntilReachable(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
        try {
          await pool.query('select 1');
          return;
        } catch (err) {
          if (Date.now() + delay > deadline)
            throw new Error(`PostgreSQL not reachable within ${timeoutMs} ms: ${(err as Error).message}`);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
    close: () => pool.end(),
  };
}
