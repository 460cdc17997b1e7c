/**
 * A digest of everything a request could write on a running platform: every row of the services'
 * PostgreSQL databases, every item of their DynamoDB tables, every object in S3 and every account in
 * the user pool. Equal digests before and after a refused request mean it wrote nothing.
 * Left out: what background workers change after an accepted request (the outbox's relay marks,
 * the notifier's delivery records, the web tier's sessions), which no API request writes itself.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { LocalPlatform } from '@dwp/dev-runtime';
import pg from 'pg';
import { z } from 'zod';

/** Tables that change after a request has been answered, by a worker rather than by the request. */
const WORKER_TABLES = new Set(['outbox', 'schema_migrations']);
const WORKER_DYNAMO_SUFFIXES = ['-sessions', '-notification-deliveries'];

const LOCAL_AWS = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export interface StoreWitness {
  /** One digest per store, so a difference names the store that changed. */
  digest(): Promise<Readonly<Record<string, string>>>;
  close(): Promise<void>;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

async function postgresDigest(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    if (WORKER_TABLES.has(name)) continue;
    const { rows } = await pool.query<{ d: string | null }>(
      `select md5(string_agg(md5(t::text), '' order by md5(t::text))) as d from ${pg.escapeIdentifier(name)} t`,
    );
    parts.push(`${name}=${rows[0]?.d ?? 'empty'}`);
  }
  return sha(parts.join(','));
}

async function dynamoDigest(client: DynamoDBClient): Promise<string> {
  const names = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  const parts: string[] = [];
  for (const table of names.filter((n) => !WORKER_DYNAMO_SUFFIXES.some((s) => n.endsWith(s))).sort()) {
    const items: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
      start = page.LastEvaluatedKey;
    } while (start);
    parts.push(`${table}=${sha(items.sort().join('\n'))}`);
  }
  return sha(parts.join(','));
}

async function s3Digest(client: S3Client): Promise<string> {
  const buckets = (await client.send(new ListBucketsCommand({}))).Buckets ?? [];
  const parts: string[] = [];
  for (const b of buckets) {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: b.Name, ContinuationToken: token }));
      for (const o of page.Contents ?? []) parts.push(`${b.Name}/${o.Key ?? ''}:${o.ETag ?? ''}:${o.Size ?? 0}`);
      token = page.NextContinuationToken;
    } while (token);
  }
  return sha(parts.sort().join('\n'));
}

/**
 * The user pool's accounts as its state file holds them (the local pool has no ListUsers). A failed
 * sign-in's lockout count and a code's last used step are left out: Cognito keeps those on refusals
 * by design.
 */
const poolState = z.object({
  users: z.record(
    z.string(),
    z.looseObject({
      username: z.string(),
      sub: z.string(),
      passwordHash: z.string(),
      status: z.string(),
      attributes: z.record(z.string(), z.string()),
      groups: z.array(z.string()),
      confirmation: z.unknown().optional(),
      softwareToken: z.looseObject({ secret: z.string().optional(), enabled: z.boolean() }).optional(),
    }),
  ),
});

async function userPoolDigest(stateFile: string): Promise<string> {
  const { users } = poolState.parse(JSON.parse(await readFile(stateFile, 'utf8')));
  const lines = Object.values(users).map((u) =>
    JSON.stringify([
      u.username,
      u.sub,
      u.passwordHash,
      u.status,
      Object.entries(u.attributes).sort(),
      [...u.groups].sort(),
      u.confirmation ?? null,
      u.softwareToken?.secret ?? null,
      u.softwareToken?.enabled ?? null,
    ]),
  );
  return sha(lines.sort().join('\n'));
}

const pgCredentials = z.object({ password: z.string() });

/** The witness of a platform started by startTestPlatform (embedded stores, stand-ins on loopback). */
export async function storeWitness(platform: LocalPlatform, dataDir: string): Promise<StoreWitness> {
  const status = platform.status();
  const endpointOf = (kind: string) => {
    const found = status.stores.find((s) => s.kind === kind) ?? status.standIns.find((s) => s.name === kind);
    if (!found) throw new Error(`the platform runs no ${kind}`);
    return found.endpoint;
  };
  const password = pgCredentials.parse(
    JSON.parse(await readFile(join(dataDir, 'postgres-credentials.json'), 'utf8')),
  ).password;
  const pools = ['benefits', 'claims'].map(
    (db) =>
      [
        db,
        new pg.Pool({
          connectionString: `postgres://postgres:${encodeURIComponent(password)}@${endpointOf('postgres')}/${platform.status().platform}_${db}`,
          max: 1,
        }),
      ] as const,
  );
  const dynamo = new DynamoDBClient({
    ...LOCAL_AWS,
    endpoint: `http://${endpointOf('dynamodb').replace(/^https?:\/\//, '')}`,
  });
  const s3 = new S3Client({ ...LOCAL_AWS, endpoint: endpointOf('s3'), forcePathStyle: true });
  const poolFile = join(dataDir, 'user-pool', 'state.json');

  return {
    async digest() {
      const out: Record<string, string> = {};
      for (const [name, pool] of pools) out[`postgres:${name}`] = await postgresDigest(pool);
      out.dynamodb = await dynamoDigest(dynamo);
      out.s3 = await s3Digest(s3);
      out['user-pool'] = await userPoolDigest(poolFile);
      return out;
    },
    async close() {
      await Promise.all(pools.map(([, p]) => p.end()));
      dynamo.destroy();
      s3.destroy();
    },
  };
}
