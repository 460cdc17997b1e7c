/**
 * The data tier of one environment (seed 001 "TIER 3: DATA LAYER"), built from the definition's
 * `dataStores`: a database per `postgres` store, a table per `dynamodb` store, a bucket per `s3`
 * store, a topic+queue per `queue` store and the Redis cache for `cache`, plus every service's
 * declared secrets and a backup plan.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataStore, Environment, Platform } from '@dwp/platform';
import type { Construct } from 'constructs';
import { DataBackupPlan } from '../data/backup-plan.ts';
import { DocumentBucket } from '../data/document-bucket.ts';
import { DynamoTable } from '../data/dynamo-table.ts';
import { LogBucket } from '../data/log-bucket.ts';
import { NotificationQueue } from '../data/notification-queue.ts';
import { PostgresDatabase } from '../data/postgres-database.ts';
import { RedisCache } from '../data/redis-cache.ts';
import { ServiceSecret } from '../data/service-secret.ts';
import { EncryptionKey } from '../encryption-key.ts';
import { logRetention } from '../log-retention.ts';
import { pascal, physicalName } from '../naming.ts';
import { secretName } from '../secret-names.ts';

export interface DataStackProps extends StackProps {
  readonly platform: Platform;
  readonly environment: Environment;
  readonly vpc: ec2.IVpc;
  /** Add an RDS read replica to every database. @default false */
  readonly databaseReadReplicas?: boolean;
}

type Store<K extends DataStore['kind']> = Extract<DataStore, { kind: K }>;

export class DataStack extends Stack {
  readonly key: kms.Key;
  readonly databases = new Map<string, PostgresDatabase>();
  readonly tables = new Map<string, DynamoTable>();
  readonly buckets = new Map<string, DocumentBucket>();
  readonly queues = new Map<string, NotificationQueue>();
  readonly caches = new Map<string, RedisCache>();
  /** Every declared secret by its definition name; database credentials are the databases' own secrets. */
  readonly secrets = new Map<string, secretsmanager.ISecret>();
  readonly accessLogs: LogBucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { platform, environment, vpc } = props;
    const encryption = new EncryptionKey(this, 'DataKey', {
      description: `${platform.name} ${environment.name}: data at rest`,
    });
    encryption.allowCloudWatchLogs();
    this.key = encryption.key;
    this.accessLogs = new LogBucket(this, 'AccessLogs');
    const stores = platform.dataStores;
    const of = <K extends DataStore['kind']>(kind: K) => stores.filter((s): s is Store<K> => s.kind === kind);

    for (const store of of('postgres')) {
      const credentials = store.credentialsSecret ?? `${store.name}-db-credentials`;
      const db = new PostgresDatabase(this, pascal(store.name, 'database'), {
        vpc,
        databaseName: store.name,
        instanceIdentifier: physicalName(environment, `${platform.name}-${store.name}`),
        secretName: secretName(platform, environment, credentials),
        key: this.key,
        multiAz: environment.multiAz,
        logRetention: logRetention(platform),
        readReplica: props.databaseReadReplicas ?? false,
      });
      this.databases.set(store.name, db);
      this.secrets.set(credentials, db.secret);
    }
    for (const store of of('dynamodb')) {
      this.tables.set(
        store.name,
        new DynamoTable(this, pascal(store.name, 'table'), {
          tableName: physicalName(environment, `${platform.name}-${store.name}`),
          partitionKey: store.partitionKey,
          ...(store.sortKey ? { sortKey: store.sortKey } : {}),
          ...(store.ttlAttribute ? { ttlAttribute: store.ttlAttribute } : {}),
          replicaRegions: store.globalReplicaRegions,
          key: this.key,
        }),
      );
    }
    for (const store of of('s3')) {
      this.buckets.set(
        store.name,
        new DocumentBucket(this, pascal(store.name, 'bucket'), {
          key: this.key,
          accessLogs: this.accessLogs.bucket,
          accessLogPrefix: `s3/${store.name}/`,
        }),
      );
    }
    for (const store of of('queue')) {
      this.queues.set(
        store.name,
        new NotificationQueue(this, pascal(store.name, 'queue'), {
          key: this.key,
          deadLetterAfterReceives: store.deadLetterAfterReceives,
        }),
      );
    }
    for (const store of of('cache')) {
      this.caches.set(
        store.name,
        new RedisCache(this, pascal(store.name, 'redis'), {
          vpc,
          key: this.key,
          secretNamePrefix: secretName(platform, environment, store.name),
        }),
      );
    }

    const declared = new Set(platform.services.flatMap((s) => s.secrets));
    for (const name of [...declared].sort()) {
      if (this.secrets.has(name)) continue;
      const owners = platform.services.filter((s) => s.secrets.includes(name)).map((s) => s.name);
      const secret = new ServiceSecret(this, pascal(name, 'secret'), {
        secretName: secretName(platform, environment, name),
        description: `${name} for ${owners.join(', ')}; replace the generated placeholder with the real value`,
        key: this.key,
      });
      this.secrets.set(name, secret.secret);
    }

    const backedUp = [
      ...[...this.databases.values()].map((d) => d.instance.instanceArn),
      ...[...this.tables.values()].map((t) => t.table.tableArn),
    ];
    if (backedUp.length > 0) new DataBackupPlan(this, 'Backup', { key: this.key, resourceArns: backedUp });
  }
}
