/**
 * A throw-away PostgreSQL database for one test run on a real server: `TEST_DATABASE_URL`, else
 * `DATABASE_URL`, else the machine's server at 127.0.0.1:5432. Dropped when the test is done.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

/** How long a drop waits for the pool's connections to close before forcing them. */
const DROP_WAIT_MS = 5000;

export const DEFAULT_TEST_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? DEFAULT_TEST_SERVER;
}

export async function createTestDatabase(prefix: string, serverUrl = testServerUrl()): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        // pool.end() resolves before its sockets have closed; a forced drop would then kill those
        // backends and their clients would report it as an error. Wait for them to go first.
        const deadline = Date.now() + DROP_WAIT_MS;
        while (Date.now() < deadline) {
          const { rows } = await c.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
