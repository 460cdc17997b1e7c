/**
 * connectRedis against real servers: the machine's Redis for the plain client, and a one-node
 * cluster-mode redis-server started here (every slot on one node), as a stand-in for ElastiCache's
 * configuration endpoint: the cluster client must learn the topology (CLUSTER SLOTS) and route
 * each key, scripts included, to its slot's node.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Cluster, Redis } from 'ioredis';
import { testRedisUrl } from '../testing/redis.ts';
import { connectRedis } from './redis.ts';

const REDIS_SERVER = '/usr/bin/redis-server';
const LOCAL_REDIS = testRedisUrl();

/** A free port whose cluster bus port (+10000) is also free, as redis-server needs both. */
async function clusterPort(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = createServer().once('error', () => {
        resolve(false);
      });
      s.listen(port, '127.0.0.1', () =>
        s.close(() => {
          resolve(true);
        }),
      );
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    if ((await free(port)) && (await free(port + 10_000))) return port;
  }
  throw new Error('no free port pair for redis-server');
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connectRedis', () => {
  it('gives a plain client for a single server', async () => {
    const redis = connectRedis(LOCAL_REDIS, { cluster: false, maxRetriesPerRequest: 1 });
    try {
      assert.ok(redis instanceof Redis);
      await redis.set('dwp:test:plain', 'yes', 'EX', 5);
      assert.equal(await redis.get('dwp:test:plain'), 'yes');
    } finally {
      redis.disconnect();
    }
  });

  it('follows REDIS_CLUSTER_MODE when not told', () => {
    const plain = connectRedis(LOCAL_REDIS, { env: {}, lazyConnect: true });
    const cluster = connectRedis(LOCAL_REDIS, { env: { REDIS_CLUSTER_MODE: 'true' }, lazyConnect: true });
    assert.ok(plain instanceof Redis);
    assert.ok(cluster instanceof Cluster);
    plain.disconnect();
    cluster.disconnect();
  });

  describe(
    'against a cluster-mode server',
    { skip: existsSync(REDIS_SERVER) ? false : `${REDIS_SERVER} is not installed` },
    () => {
      let dir: string;
      /** Undefined until `before` has spawned it (and still so in `after` when that failed). */
      let server: ChildProcess | undefined;
      let url: string;

      before(async () => {
        dir = await mkdtemp(join(tmpdir(), 'redis-cluster-'));
        const port = await clusterPort();
        server = spawn(
          REDIS_SERVER,
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-announce-ip',
            '127.0.0.1',
            '--cluster-config-file',
            join(dir, 'nodes.conf'),
            '--dir',
            dir,
            '--save',
            '',
            '--appendonly',
            'no',
          ],
          { stdio: 'ignore' },
        );
        url = `redis://127.0.0.1:${port}`;
        /** A client that tries once and gives up, so a server still starting is simply not ready yet. */
        const once_ = async <T>(fn: (c: Redis) => Promise<T>): Promise<T> => {
          const c = new Redis(url, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
            enableOfflineQueue: false,
          });
          c.on('error', () => undefined);
          try {
            await c.connect();
            return await fn(c);
          } finally {
            c.disconnect();
          }
        };
        // PING answers PONG or fails: an answer is readiness.
        await waitUntil('redis-server answers', async () => {
          await once_((c) => c.ping());
          return true;
        });
        await once_((c) => c.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383'));
        await waitUntil('the cluster is ok', async () =>
          String(await once_((c) => c.call('CLUSTER', 'INFO'))).includes('cluster_state:ok'),
        );
      });
      after(async () => {
        if (server && server.exitCode === null) {
          server.kill('SIGTERM');
          await once(server, 'exit');
        }
        await rm(dir, { recursive: true, force: true });
      });

      it('talks to the cluster through its configuration endpoint, scripts included', async () => {
        const redis = connectRedis(url, { cluster: true, maxRetriesPerRequest: 1 });
        try {
          assert.ok(redis instanceof Cluster);
          // Keys in different slots, and a one-key script, as the apps use them.
          for (const key of ['dwp:{egress}:royal-mail', 'dwp:address:LS6 1JQ', 'another']) {
            await redis.set(key, key, 'EX', 5);
            assert.equal(await redis.get(key), key);
          }
          redis.defineCommand('incrTwice', {
            numberOfKeys: 1,
            lua: "redis.call('INCR', KEYS[1]); return redis.call('INCR', KEYS[1])",
          });
          assert.equal(
            await (redis as unknown as { incrTwice(key: string): Promise<number> }).incrTwice('dwp:{egress}:count'),
            2,
          );
          const nodes = redis.nodes('master');
          assert.equal(nodes.length, 1, 'it discovered the cluster topology');
        } finally {
          redis.disconnect();
        }
      });
    },
  );
});
