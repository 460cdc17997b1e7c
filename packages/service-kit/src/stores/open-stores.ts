/**
 * Opens the data stores a service declares in `dependsOn`, registers each one's readiness with
 * /health and its closing with shutdown. Heavy clients load only when a service needs them.
 */
import type { Platform } from '@dwp/platform';
import type { ServiceRuntime } from '../create-service.ts';
import type { DynamoStore } from './dynamodb.ts';
import type { PostgresStore } from './postgres.ts';

export interface OpenedStores {
  readonly postgres?: PostgresStore;
  readonly dynamodb?: DynamoStore;
}

export async function openStores(
  platform: Platform,
  svc: ServiceRuntime<unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedStores> {
  const wanted = (svc.definition?.dependsOn ?? []).map((n) => platform.dataStores.find((d) => d.name === n)!);
  const out: { postgres?: PostgresStore; dynamodb?: DynamoStore } = {};
  if (wanted.some((d) => d.kind === 'postgres')) {
    const { openPostgres, POSTGRES_STARTUP_WAIT_MS } = await import('./postgres.ts');
    out.postgres = openPostgres(env, { applicationName: svc.definition!.name });
    svc.addCheck(out.postgres.check);
    svc.onClose(() => out.postgres!.close());
    // A service starting beside its database (npm start, or a fresh RDS) waits for it rather than
    // crashing: its setup (migrations) needs it. Past the wait it fails and is restarted.
    await out.postgres.waitUntilReachable(POSTGRES_STARTUP_WAIT_MS);
  }
  const tables = wanted.filter((d) => d.kind === 'dynamodb').map((d) => d.name);
  if (tables.length > 0) {
    const { openDynamo } = await import('./dynamodb.ts');
    out.dynamodb = openDynamo(env, tables);
    svc.addCheck(out.dynamodb.check);
    svc.onClose(() => {
      out.dynamodb!.close();
    });
  }
  return out;
}
