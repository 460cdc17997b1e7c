/**
 * One way to reach Redis: a plain client for a single server (locally, or a non-clustered cache),
 * or a cluster client for a cluster-mode configuration endpoint (ElastiCache with shards, as the
 * CDK app deploys it). A plain client there would be sent MOVED for every key on another shard.
 * Keys a script touches together must share a hash tag (`{...}`) to sit on one shard.
 */
import { ENV } from '@dwp/platform';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisClient = Redis | Cluster;

export interface ConnectRedisOptions extends Pick<
  RedisOptions,
  'maxRetriesPerRequest' | 'enableOfflineQueue' | 'lazyConnect'
> {
  /** Whether the URL names a cluster's configuration endpoint. @default REDIS_CLUSTER_MODE === 'true' */
  readonly cluster?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

export function connectRedis(url: string, opts: ConnectRedisOptions = {}): RedisClient {
  const { cluster = (opts.env ?? process.env)[ENV.redisClusterMode] === 'true', env: _env, ...clientOptions } = opts;
  if (!cluster) return new Redis(url, clientOptions);
  const u = new URL(url);
  const port = Number(u.port || 6379);
  return new Cluster([{ host: u.hostname, port }], {
    // ElastiCache's TLS certificates name the configuration endpoint, not the node addresses the
    // cluster hands out: keep resolving through the name, as AWS's ioredis guidance says.
    dnsLookup: (address, callback) => {
      callback(null, address);
    },
    enableOfflineQueue: clientOptions.enableOfflineQueue ?? true,
    lazyConnect: clientOptions.lazyConnect ?? false,
    redisOptions: {
      ...(clientOptions.maxRetriesPerRequest !== undefined
        ? { maxRetriesPerRequest: clientOptions.maxRetriesPerRequest }
        : {}),
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  });
}
