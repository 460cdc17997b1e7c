/**
 * For tests against a real Redis: `REDIS_TEST_URL`, else the machine's server at 127.0.0.1:6379
 * (present on developer machines and CI). Several connections stand for several replicas.
 */
import { Redis } from 'ioredis';

export function testRedisUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
}

/** `count` connected clients, one per replica; close them with `closeRedis`. */
export async function replicaConnections(count: number): Promise<Redis[]> {
  const clients = Array.from(
    { length: count },
    () => new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  return clients;
}

export async function closeRedis(clients: readonly (Redis | undefined)[]): Promise<void> {
  await Promise.all(clients.flatMap((c) => (c ? [c.quit()] : [])));
}
