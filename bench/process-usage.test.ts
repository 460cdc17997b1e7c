import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { heapOf, keptProcesses, usageOfAll } from './process-usage.ts';

describe('usageOfAll', () => {
  it("reads a process's resident memory and counts an opened file among its handles", async () => {
    const before = (await usageOfAll([process.pid])).get(process.pid)!;
    assert.ok(before.rssKiB > 1024, `a node process holds more than 1 MiB (${before.rssKiB} KiB)`);
    // Linux counts RSS as its anonymous, file-backed and shared-memory parts.
    assert.ok(before.anonKiB > 0 && before.fileKiB > 0, JSON.stringify(before));
    assert.ok(before.anonKiB + before.fileKiB <= before.rssKiB, JSON.stringify(before));
    const fd = openSync('/proc/self/status', 'r');
    try {
      const during = (await usageOfAll([process.pid])).get(process.pid)!;
      assert.equal(during.handles, before.handles + 1);
    } finally {
      closeSync(fd);
    }
  });

  it('counts the processes started below a process', async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const mine = (await usageOfAll([process.pid])).get(process.pid)!;
      assert.ok(mine.descendants >= 1, `at least the sleep below (${mine.descendants})`);
      const its = (await usageOfAll([child.pid!])).get(child.pid!)!;
      assert.equal(its.descendants, 0);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('leaves out a pid that is no longer running', async () => {
    const child = spawn('true', [], { stdio: 'ignore' });
    await once(child, 'exit');
    assert.equal((await usageOfAll([child.pid!])).has(child.pid!), false);
  });
});

describe('keptProcesses and heapOf', () => {
  const status = {
    platform: 'p',
    entry: 'http://localhost:1',
    admin: 'http://127.0.0.1:2',
    stores: [
      { name: 'postgres', kind: 'postgres', endpoint: 'x', embedded: true, state: 'running', restarts: 1, pid: 11 },
      { name: 'dynamodb', kind: 'dynamodb', endpoint: 'x', embedded: false },
    ],
    standIns: [{ name: 's3', endpoint: 'x', state: 'running', restarts: 0, pid: 12 }],
    services: [
      {
        name: 'claims-api',
        dnsName: 'claims-api.local',
        desired: 2,
        healthy: 1,
        instances: [
          {
            id: 'claims-api-1',
            pid: 13,
            url: 'http://127.0.0.1:13',
            state: 'healthy',
            since: 'x',
            restarts: 0,
            lastCheck: null,
          },
          { id: 'claims-api-2', pid: null, url: 'x', state: 'starting', since: 'x', restarts: 2, lastCheck: null },
        ],
      },
    ],
  };
  const server = createServer((req, res) => {
    if (req.url === '/status') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    else if (req.url === '/metrics')
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
        .end(
          [
            '# HELP nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
            'nodejs_heap_size_total_bytes{service="claims-api",instance="claims-api-1"} 60000000',
            '# TYPE nodejs_heap_size_used_bytes gauge',
            'nodejs_heap_size_used_bytes{service="claims-api",instance="claims-api-1"} 41234567',
            '',
          ].join('\n'),
        );
    else res.writeHead(404).end();
  });
  let adminUrl = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    adminUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
  });

  it('lists every instance, store and stand-in that has a pid, by name, with its restarts', async () => {
    assert.deepEqual(await keptProcesses(adminUrl), [
      { name: 'claims-api-1', kind: 'instance', pid: 13, restarts: 0, url: 'http://127.0.0.1:13' },
      { name: 'postgres', kind: 'store', pid: 11, restarts: 1 },
      { name: 's3', kind: 'stand-in', pid: 12, restarts: 0 },
    ]);
  });

  it("reads the heap in use and committed from a service's metrics, and nothing from a process without them", async () => {
    assert.deepEqual(await heapOf(adminUrl), { usedBytes: 41_234_567, committedBytes: 60_000_000 });
    assert.equal(await heapOf(`${adminUrl}/nowhere`), undefined);
  });
});
