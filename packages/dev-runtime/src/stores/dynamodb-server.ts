/**
 * DynamoDB for the local platform: dynalite in a child process keeping its tables in
 * `<data>/dynamodb`, or the server at `DYNAMODB_ENDPOINT`. Tables are created from the definition,
 * as CloudFormation creates them on AWS.
 */
import { fork } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataStore } from '@dwp/platform';
import { freePort } from '../free-port.ts';
import { KeptProcess, type KeptHealth, type KeptRun } from '../kept-process.ts';

type DynamoTable = Extract<DataStore, { kind: 'dynamodb' }>;

export interface DynamoPlan {
  readonly embedded: boolean;
  readonly endpoint: string;
  tableName(store: string): string;
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** The embedded server's state and restarts. */
  health?(): KeptHealth;
}

const MAIN = fileURLToPath(new URL('./dynalite-main.ts', import.meta.url));

async function ensureTables(
  endpoint: string,
  tables: ReadonlyArray<{ name: string; table: DynamoTable }>,
): Promise<void> {
  const ddb = await import('@aws-sdk/client-dynamodb');
  const client = new ddb.DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
  });
  try {
    const existing = new Set((await client.send(new ddb.ListTablesCommand({}))).TableNames ?? []);
    for (const { name, table } of tables) {
      if (existing.has(name)) continue;
      await client.send(
        new ddb.CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: table.partitionKey, AttributeType: 'S' },
            ...(table.sortKey ? [{ AttributeName: table.sortKey, AttributeType: 'S' as const }] : []),
          ],
          KeySchema: [
            { AttributeName: table.partitionKey, KeyType: 'HASH' },
            ...(table.sortKey ? [{ AttributeName: table.sortKey, KeyType: 'RANGE' as const }] : []),
          ],
        }),
      );
    }
  } finally {
    client.destroy();
  }
}

export async function planDynamo(opts: {
  platform: string;
  dataDir: string;
  tables: readonly DynamoTable[];
  endpoint: string | undefined;
  console?: (line: string) => void;
}): Promise<DynamoPlan> {
  const tableName = (store: string) => `${opts.platform}-${store}`;
  const tables = opts.tables.map((t) => ({ name: tableName(t.name), table: t }));
  if (opts.endpoint) {
    const endpoint = opts.endpoint;
    return {
      embedded: false,
      endpoint,
      tableName,
      ready: () => ensureTables(endpoint, tables),
      stop: async () => undefined,
    };
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const path = join(opts.dataDir, 'dynamodb');
  const start = async (): Promise<KeptRun> => {
    const child = fork(MAIN, [String(port), path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => {
        resolve();
      });
      void exited.then(() => {
        reject(new Error(`dynalite exited with code ${child.exitCode} before it was ready`));
      });
    });
    return {
      ...(child.pid ? { pid: child.pid } : {}),
      exited,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        await exited;
      },
    };
  };
  const kept = new KeptProcess({ name: 'dynalite', start, ...(opts.console ? { console: opts.console } : {}) });
  return {
    embedded: true,
    endpoint,
    tableName,
    async ready() {
      await mkdir(path, { recursive: true });
      await kept.start();
      await ensureTables(endpoint, tables);
    },
    stop: () => kept.stop(),
    health: () => kept.health(),
  };
}
