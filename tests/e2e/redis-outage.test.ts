/**
 * Redis down for a platform that shares its limits and cache through it (`REDIS_URL`): the
 * documented policy is to fail open, to each replica's in-process throttle, cache and limits,
 * with a warning and a counted fallback, because a cache outage must not become an outage of the
 * service. Against `npm start`'s processes with a private redis-server that is down when the
 * platform starts, then up, then SIGKILLed under a citizen's reads and started again: every read
 * is answered 200, the gateway counts its fallbacks, and it goes back to Redis when Redis is back.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { freePort, type LocalPlatform } from '@dwp/dev-runtime';
import { seededUser, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { waitFor } from '@dwp/data-kit/testing/wait-for';
import { ifAssigned } from './fixtures/hooks.ts';
import { startTestPlatform, type TestPlatform } from './fixtures/test-platform.ts';

const GATEWAY = dwp.gateways.primary!.name;

/** A redis-server of this test's own (the machine's shared one on 6379 is left alone). */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await waitFor('redis-server to listen', () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    return new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

describe('Redis down under a gateway that uses it', () => {
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let started: TestPlatform;
  let platform: LocalPlatform;

  /** The gateway's fallbacks to in-process stores, from every replica's /metrics. */
  const fallbacks = async () => {
    let total = 0;
    for (const i of platform.registry.instancesOf(GATEWAY)) {
      const text = await (await fetch(`http://${i.host}:${i.port}/metrics`)).text();
      for (const m of text.matchAll(/^apigateway_store_fallback_total\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
    }
    return total;
  };

  before(async () => {
    redisPort = await freePort();
    // Redis is down when the platform starts: the gateway must start anyway, and fail open.
    started = await startTestPlatform('redis', {
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${redisPort}` },
    });
    platform = started.platform;
  });
  after(async () => {
    await ifAssigned(started)?.stop();
    if (redis) await kill(redis);
  });

  it('fails open: every read is answered while Redis is down, the fallback is counted, and Redis is used again', async () => {
    const token = (await signIn(platform.entryUrl, await seededUser(started.dataDir, 'test-citizen'))).accessToken;
    const read = async () => {
      const res = await fetch(`${platform.entryUrl}/api/benefits/catalogue`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await res.arrayBuffer();
      return res.status;
    };
    assert.equal(await read(), 200, 'served with Redis down since the start');
    assert.ok((await fallbacks()) > 0, 'on its in-process stores');
    redis = await startRedis(redisPort);
    await waitFor(
      'the gateway to pick Redis up',
      async () => {
        const before = await fallbacks();
        return (await read()) === 200 && (await fallbacks()) === before;
      },
      30_000,
    );

    await kill(redis);
    const beforeOutage = await fallbacks();
    const during: number[] = [];
    for (let i = 0; i < 20; i++) during.push(await read());
    assert.deepEqual(
      during.filter((s) => s !== 200),
      [],
      'every read while Redis is down is answered',
    );
    assert.ok((await fallbacks()) > beforeOutage, 'the gateway counted its fallbacks');

    redis = await startRedis(redisPort);
    // ioredis reconnects by itself; once it has, reads stop falling back.
    await waitFor(
      'the gateway to use Redis again',
      async () => {
        const before = await fallbacks();
        const ok = (await read()) === 200;
        return ok && (await fallbacks()) === before;
      },
      30_000,
    );
    assert.equal(await read(), 200);
  });
});
