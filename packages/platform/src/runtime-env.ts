/**
 * The environment contract between a running service and whatever started it: the local runtime
 * (`npm start`) and the CDK task definitions set the same variables, so a service's code path is
 * the same in both places and only the values differ.
 */
import type { DataStore } from './schema.ts';

export const ENV = {
  /** Port the service listens on (the container port on AWS; a free port locally). */
  port: 'PORT',
  serviceName: 'SERVICE_NAME',
  /** `registry` (local: the dev runtime's registry) or `dns` (AWS: Cloud Map DNS names). */
  discoveryMode: 'DISCOVERY_MODE',
  discoveryRegistryUrl: 'DISCOVERY_REGISTRY_URL',
  discoveryNamespace: 'DISCOVERY_NAMESPACE',
  /** Endpoints that point AWS SDK clients at local stand-ins; unset on AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  sqsEndpoint: 'SQS_ENDPOINT',
  /** PostgreSQL: a URL locally; on AWS the RDS secret's fields arrive as PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. */
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  /** 'true' when REDIS_URL names a cluster-mode configuration endpoint (ElastiCache with shards). */
  redisClusterMode: 'REDIS_CLUSTER_MODE',
  logLevel: 'LOG_LEVEL',
} as const;

const upper = (name: string) => name.toUpperCase().replace(/-/g, '_');

/** The variable that carries a store's physical name (table, bucket, queue URL), or undefined when none is needed. */
export function dataStoreEnvName(store: Pick<DataStore, 'kind' | 'name'>): string | undefined {
  switch (store.kind) {
    case 'dynamodb':
      return `DYNAMODB_TABLE_${upper(store.name)}`;
    case 's3':
      return `S3_BUCKET_${upper(store.name)}`;
    case 'queue':
      return `SQS_QUEUE_URL_${upper(store.name)}`;
    case 'postgres':
    case 'cache':
      return undefined;
    default: {
      const never: never = store.kind;
      throw new Error(`Unexpected data store kind ${String(never)}`);
    }
  }
}
