/**
 * `npm start`'s own entrypoint as a user runs it: it prints the status table, answers on its
 * ports, and on SIGTERM stops every process it started, leaving no orphan and no port held.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import type { Readable } from 'node:stream';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { localProcessesOf } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { freePort } from '@dwp/dev-runtime';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((res) => {
    const s = connect(port, host);
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => {
      res(false);
    });
  });

interface Started {
  readonly cli: ChildProcessByStdio<null, Readable, Readable>;
  readonly output: () => string;
  readonly admin: string;
  readonly status: {
    entry: string;
    services: Array<{ instances: Array<{ pid: number; url: string }> }>;
    stores: Array<{ endpoint: string }>;
    standIns: Array<{ name: string; endpoint: string }>;
  };
}

/** Every npm start a test began, so a failed assertion cannot leave one running. */
const started = new Set<ChildProcessByStdio<null, Readable, Readable>>();

async function startCli(
  dataDir: string,
  ports: { entry: number; admin: number } = { entry: 0, admin: 0 },
): Promise<Started> {
  const cli = spawn(process.execPath, ['packages/dev-runtime/src/cli.ts', '--data-dir', dataDir], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.entry),
      ADMIN_PORT: String(ports.admin),
      DATABASE_URL: '',
      DYNAMODB_ENDPOINT: '',
      BIND_ADDRESS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(cli);
  cli.once('exit', () => started.delete(cli));
  let out = '';
  cli.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  cli.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const deadline = Date.now() + 60_000;
  while (!/Ready in [\d.]+ s/.test(out)) {
    assert.ok(Date.now() < deadline && cli.exitCode === null, `npm start did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const admin = /Status JSON:\s+(http:\/\/127\.0\.0\.1:\d+)\/status/.exec(out)![1]!;
  const status = (await (await fetch(`${admin}/status`)).json()) as Started['status'];
  return { cli, output: () => out, admin, status };
}

/** The HEALTH column of every row of the status table npm start printed. */
function healthColumn(output: string): string[] {
  const lines = output.split('\n');
  const header = lines.findIndex((l) => /^SERVICE\s+INSTANCE\s+URL\s+HEALTH\s+RESTARTS$/.test(l));
  assert.ok(header >= 0, `no status table in:\n${output}`);
  const rows = lines.slice(header + 1, lines.indexOf('', header));
  return rows.map((r) => r.trim().split(/\s+/)[3]!);
}

describe('npm start', () => {
  let dataDir = '';
  after(async () => {
    await Promise.all(
      [...started].map(async (cli) => {
        const exited = once(cli, 'exit');
        cli.kill('SIGTERM');
        await exited;
      }),
    );
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints every service healthy, then stops everything it started on SIGTERM', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dwp-cli-'));
    // Fixed ports, as `npm start` uses 8080 and 8090: they listen on loopback only.
    const fixed = { entry: await freePort(), admin: await freePort() };
    const { cli, output, admin, status } = await startCli(dataDir, fixed);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    for (const port of [fixed.entry, fixed.admin]) {
      assert.equal(await portOpen(port), true, `${port} answers on loopback`);
      if (lan) assert.equal(await portOpen(port, lan), false, `${port} is not open on ${lan}`);
    }
    const health = healthColumn(output());
    assert.equal(health.length, localProcessesOf(dwp).length);
    assert.ok(
      health.every((h) => h === 'healthy'),
      `every instance is healthy in the table: ${health.join(', ')}`,
    );
    const pids = status.services.flatMap((s) => s.instances.map((i) => i.pid));
    const ports = [
      ...status.services.flatMap((s) => s.instances.map((i) => Number(new URL(i.url).port))),
      Number(new URL(status.entry).port),
      Number(new URL(admin).port),
      ...status.stores.map((s) => Number(s.endpoint.split(':').at(-1))),
      // The user pool, S3, SQS and the government sandboxes: each its own server.
      ...status.standIns.filter((s) => s.endpoint).map((s) => Number(new URL(s.endpoint).port)),
    ];
    assert.ok(status.standIns.filter((s) => s.endpoint).length >= 8, 'the stand-ins are listed with their endpoints');
    assert.equal(pids.length, localProcessesOf(dwp).length, 'one process per service and the gateway');
    assert.ok(pids.every(alive));

    cli.kill('SIGTERM');
    const exit: unknown[] = await once(cli, 'exit');
    assert.equal(exit[0], 0);
    assert.match(output(), /Stopped\./);
    assert.deepEqual(pids.filter(alive), [], 'no service process outlives npm start');
    for (const port of ports) assert.equal(await portOpen(port), false, `port ${port} is released`);
    assert.equal(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), false, 'PostgreSQL shut down cleanly');
  });

  it('leaves no service running when it is killed outright, and starts again on the same data', async () => {
    const first = await startCli(dataDir);
    const pids = first.status.services.flatMap((s) => s.instances.map((i) => i.pid));
    first.cli.kill('SIGKILL');
    await once(first.cli, 'exit');
    const deadline = Date.now() + 15_000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(pids.filter(alive), [], 'services notice their supervisor is gone and stop');

    // PostgreSQL outlives a killed supervisor; the next start stops it and takes the data over.
    const second = await startCli(dataDir);
    assert.ok(healthColumn(second.output()).every((h) => h === 'healthy'));
    second.cli.kill('SIGTERM');
    const exit: unknown[] = await once(second.cli, 'exit');
    assert.equal(exit[0], 0);
  });
});
