/**
 * PostgreSQL for the local platform: a real server (the binaries npm installs for this machine)
 * kept in `<data>/postgres`, or the server at `DATABASE_URL`. Each postgres store in the definition
 * gets its own database (`dwp_benefits`, `dwp_claims`), created when missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../free-port.ts';
import { KeptProcess, type KeptHealth, type KeptRun } from '../kept-process.ts';
import { postgresBinaries } from './postgres-binaries.ts';

export interface PostgresPlan {
  readonly embedded: boolean;
  /** Connection URL of one database on the server. */
  urlFor(database: string): string;
  readonly endpoint: string;
  /** Starts the server (if embedded) and creates the databases. */
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** The embedded server's state and restarts. */
  health?(): KeptHealth;
}

/** Time a starting server gets to accept connections. */
export const POSTGRES_START_TIMEOUT_MS = 30_000;
/** Time a stopping server gets for its fast shutdown before it is killed. */
export const POSTGRES_STOP_TIMEOUT_MS = 15_000;

type Ids = { uid: number; gid: number } | Record<string, never>;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function ensureDatabases(adminUrl: string, databases: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (const db of databases) {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [db]);
      if (!rowCount) await client.query(`create database "${db.replace(/"/g, '')}"`);
    }
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user, created if missing. */
function serverUser(): Ids {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** A postmaster left running by a runtime that was killed outright: stop it so this run owns the data. */
async function stopLeftoverServer(dir: string): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
  const deadline = Date.now() + POSTGRES_STOP_TIMEOUT_MS;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

function run(cmd: string, args: string[], ids: Ids, logFd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...ids, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} exited with code ${code}; see the postgres log`));
    });
  });
}

async function initialise(initdb: string, dir: string, password: string, ids: Ids, logFd: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pwfile = `${dir}.pwfile`;
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if ('uid' in ids) {
      await chown(dir, ids.uid, ids.gid);
      await chown(pwfile, ids.uid, ids.gid);
    }
    await run(
      initdb,
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      ids,
      logFd,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function waitUntilAccepting(adminUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + POSTGRES_START_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null)
      throw new Error('PostgreSQL stopped while starting; see the postgres log');
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(
          `PostgreSQL did not accept connections within ${POSTGRES_START_TIMEOUT_MS} ms: ${(err as Error).message}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Stops a server with PostgreSQL's fast shutdown, killing it if that takes too long. */
async function stopServer(s: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (s.exitCode !== null || s.signalCode !== null) return;
  s.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  const timer = setTimeout(() => s.kill('SIGKILL'), POSTGRES_STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

export async function planPostgres(opts: {
  dataDir: string;
  databases: readonly string[];
  databaseUrl: string | undefined;
  console?: (line: string) => void;
}): Promise<PostgresPlan> {
  if (opts.databaseUrl) {
    const base = opts.databaseUrl;
    return {
      embedded: false,
      urlFor: (db) => withDatabase(base, db),
      endpoint: new URL(base).host,
      ready: () => ensureDatabases(base, opts.databases),
      stop: async () => undefined,
    };
  }

  const dir = join(opts.dataDir, 'postgres');
  const credFile = join(opts.dataDir, 'postgres-credentials.json');
  const initialised = existsSync(join(dir, 'PG_VERSION')) && existsSync(credFile);
  const password = initialised
    ? (JSON.parse(await readFile(credFile, 'utf8')) as { password: string }).password
    : randomBytes(18).toString('base64url');
  const port = await freePort();
  const admin = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  let kept: KeptProcess | undefined;

  return {
    embedded: true,
    urlFor: (db) => withDatabase(admin, db),
    endpoint: `127.0.0.1:${port}`,
    async ready() {
      const { initdb, postgres } = await postgresBinaries();
      const ids = serverUser();
      const logFile = join(opts.dataDir, 'logs', 'postgres.log');
      await mkdir(join(opts.dataDir, 'logs'), { recursive: true });
      // The server's user must be able to pass through the data folder.
      if ('uid' in ids) await chmod(opts.dataDir, (await stat(opts.dataDir)).mode | 0o011);
      if (!initialised) {
        const logFd = openSync(logFile, 'a');
        try {
          await rm(dir, { recursive: true, force: true });
          await initialise(initdb, dir, password, ids, logFd);
          await writeFile(credFile, JSON.stringify({ password }), { mode: 0o600 });
        } finally {
          closeSync(logFd);
        }
      }
      const start = async (): Promise<KeptRun> => {
        // A server killed outright may leave its postmaster (or, restarting, its backends) behind.
        await stopLeftoverServer(dir);
        const logFd = openSync(logFile, 'a');
        let server: ChildProcess;
        try {
          server = spawn(
            postgres,
            [
              '-D',
              dir,
              '-p',
              String(port),
              '-c',
              'listen_addresses=127.0.0.1',
              '-c',
              'unix_socket_directories=',
              '-c',
              'fsync=off',
              '-c',
              'max_connections=200',
            ],
            { ...ids, stdio: ['ignore', logFd, logFd] },
          );
        } finally {
          closeSync(logFd);
        }
        const exited = new Promise<void>((resolve) => {
          server.once('exit', () => {
            resolve();
          });
        });
        try {
          await waitUntilAccepting(admin, server);
        } catch (err) {
          await stopServer(server, exited);
          throw err;
        }
        return { ...(server.pid ? { pid: server.pid } : {}), exited, stop: () => stopServer(server, exited) };
      };
      kept = new KeptProcess({ name: 'postgres', start, ...(opts.console ? { console: opts.console } : {}) });
      await kept.start();
      await ensureDatabases(admin, opts.databases);
    },
    stop: async () => {
      await kept?.stop();
    },
    health: () => kept?.health() ?? { state: 'starting', restarts: 0 },
  };
}
