/**
 * What a service is given from the data tier, read from the definition: the variables naming its
 * stores (runtime-env's dataStoreEnvName), the secrets ECS injects (PG* from its database's
 * secret, REDIS_URL, each declared secret), the task-role grants of its `taskRole.permissions`,
 * and the network paths to its database and cache.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  dataStoreEnvName,
  ENV,
  secretEnvName,
  type DataStore,
  type Permission,
  type Platform,
  type Service,
} from '@dwp/platform';
import { POSTGRES_PORT } from '../data/postgres-database.ts';
import { REDIS_PORT } from '../data/redis-cache.ts';
import { grantSecretRead } from '../data/service-secret.ts';
import type { DataStack } from '../stacks/data-stack.ts';
import type { FargateMicroservice } from './fargate-microservice.ts';
import { GrantedSecret } from './granted-secret.ts';

/** The RDS secret's JSON fields, by the PostgreSQL variable each one becomes. */
export const POSTGRES_SECRET_FIELDS = {
  PGHOST: 'host',
  PGPORT: 'port',
  PGUSER: 'username',
  PGPASSWORD: 'password',
  PGDATABASE: 'dbname',
} as const;

/** The stores a service uses: those it owns and those its task role names. */
export function storesOf(platform: Platform, service: Service): DataStore[] {
  const named = new Set(
    (service.taskRole?.permissions ?? []).flatMap((p): string[] => {
      switch (p.kind) {
        case 'dynamodb':
          return [p.table];
        case 'rds-connect':
          return [p.database];
        case 's3':
          return [p.bucket];
        case 'sqs-publish':
        case 'sqs-consume':
          return [p.queue];
        case 'secrets-read':
        case 'cloudwatch-logs':
          return [];
        default: {
          const never: never = p;
          throw new Error(`Unexpected permission ${JSON.stringify(never)}`);
        }
      }
    }),
  );
  return platform.dataStores.filter(
    (d) =>
      d.owner === service.name ||
      named.has(d.name) ||
      (d.kind === 'cache' && (d.owner === undefined || service.dependsOn.includes(d.name))),
  );
}

/**
 * A data-tier secret for a container: the read grant goes only on the reading role
 * (GetSecretValue/DescribeSecret on the one secret, kms:Decrypt on the data key).
 */
function dataSecret(secret: secretsmanager.ISecret, key: kms.IKey, field?: string): ecs.Secret {
  return new GrantedSecret(
    secret,
    (grantee) => {
      grantSecretRead(secret, key, grantee);
    },
    field,
  );
}

export interface ServiceBindings {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`service bindings: ${what} is not in the data stack`);
  return value;
}

/** The variables and secrets of a service's container. */
export function bindingsOf(platform: Platform, service: Service, data: DataStack): ServiceBindings {
  const environment: Record<string, string> = {};
  const secrets: Record<string, ecs.Secret> = {};
  const postgresSecrets = new Set<string>();
  for (const store of storesOf(platform, service)) {
    const variable = dataStoreEnvName(store);
    switch (store.kind) {
      case 'dynamodb':
        environment[variable!] = need(data.tables.get(store.name), `table ${store.name}`).table.tableName;
        break;
      case 's3':
        environment[variable!] = need(data.buckets.get(store.name), `bucket ${store.name}`).bucket.bucketName;
        break;
      case 'queue':
        environment[variable!] = need(data.queues.get(store.name), `queue ${store.name}`).queue.queueUrl;
        break;
      case 'postgres': {
        if (postgresSecrets.size > 0) {
          throw new Error(`service ${service.name} uses two PostgreSQL databases; PG* variables can carry only one`);
        }
        const db = need(data.databases.get(store.name), `database ${store.name}`);
        for (const [name, field] of Object.entries(POSTGRES_SECRET_FIELDS))
          secrets[name] = dataSecret(db.secret, data.key, field);
        postgresSecrets.add(store.credentialsSecret ?? '');
        break;
      }
      case 'cache':
        secrets[ENV.redisUrl] = dataSecret(need(data.caches.get(store.name), `cache ${store.name}`).url, data.key);
        // The replication group runs in cluster mode (shards): clients must speak the cluster protocol.
        environment[ENV.redisClusterMode] = 'true';
        break;
      default: {
        const never: never = store;
        throw new Error(`Unexpected data store ${JSON.stringify(never)}`);
      }
    }
  }
  for (const name of service.secrets) {
    if (postgresSecrets.has(name)) continue;
    secrets[secretEnvName(name)] = dataSecret(need(data.secrets.get(name), `secret ${name}`), data.key);
  }
  return { environment, secrets };
}

/** Grants the service's task role exactly its definition's permissions. */
export function grantPermissions(service: FargateMicroservice, data: DataStack): void {
  const role = service.taskRole;
  const grant = (p: Permission): void => {
    switch (p.kind) {
      case 'dynamodb': {
        const table = need(data.tables.get(p.table), `table ${p.table}`);
        if (p.access === 'read') table.grantReadData(role);
        else table.grantReadWriteData(role);
        return;
      }
      case 'rds-connect':
        need(data.databases.get(p.database), `database ${p.database}`).grantConnect(role);
        return;
      case 's3': {
        const bucket = need(data.buckets.get(p.bucket), `bucket ${p.bucket}`);
        if (p.access === 'read') bucket.grantRead(role);
        else if (p.access === 'write') bucket.grantWrite(role);
        else bucket.grantReadWrite(role);
        return;
      }
      case 'sqs-publish':
        need(data.queues.get(p.queue), `queue ${p.queue}`).grantSendMessages(role);
        return;
      case 'sqs-consume':
        need(data.queues.get(p.queue), `queue ${p.queue}`).grantConsumeMessages(role);
        return;
      case 'secrets-read':
        for (const name of p.secrets) grantSecretRead(need(data.secrets.get(name), `secret ${name}`), data.key, role);
        return;
      case 'cloudwatch-logs':
        service.logGroup.grantWrite(role);
        return;
      default: {
        const never: never = p;
        throw new Error(`Unexpected permission ${JSON.stringify(never)}`);
      }
    }
  };
  for (const p of service.definition.taskRole?.permissions ?? []) grant(p);
}

/**
 * Opens the network paths from a service to the database and cache it uses. The rules are made
 * from the service's side (allowTo), so they live in the compute stack and the data stack never
 * refers back to it.
 */
export function connectToData(platform: Platform, service: FargateMicroservice, data: DataStack): void {
  const from = service.securityGroup;
  const name = service.definition.name;
  for (const store of storesOf(platform, service.definition)) {
    if (store.kind === 'postgres') {
      const db = need(data.databases.get(store.name), `database ${store.name}`);
      for (const sg of db.connections.securityGroups)
        sg.addIngressRule(from, ec2.Port.tcp(POSTGRES_PORT), `${name} to ${store.name}`, true);
    } else if (store.kind === 'cache') {
      const cache = need(data.caches.get(store.name), `cache ${store.name}`);
      cache.securityGroup.addIngressRule(from, ec2.Port.tcp(REDIS_PORT), `${name} to the cache`, true);
    }
  }
}
