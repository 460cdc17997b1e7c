/**
 * The local stand-in for S3: s3rver (an S3-API server from npm) holding every bucket in the
 * definition under `<data>/s3`, in its own process (local/s3). Signatures are checked as S3
 * checks them, with the local credentials every AWS client here uses. Steps aside when
 * `S3_ENDPOINT` names a real one.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV, dataStoreEnvName, type DataStore } from '@dwp/platform';
import { freePort } from '../free-port.ts';
import { KeptProcess, type KeptRun } from '../kept-process.ts';
import { startStandInProcess } from './child-process.ts';
import type { PlannedStandIn, SelectableStandIn, StandInContext } from './stand-in.ts';

type BucketStore = Extract<DataStore, { kind: 's3' }>;

/** The credentials local AWS clients sign with (see the service kit's DynamoDB client). */
export const LOCAL_ACCESS_KEY = 'local';

const ENTRY = fileURLToPath(import.meta.resolve('@dwp/s3-server/main'));

export const s3StandIn: SelectableStandIn = {
  name: 's3',
  needed: (platform) => platform.dataStores.some((d) => d.kind === 's3'),
  async plan(ctx: StandInContext): Promise<PlannedStandIn> {
    const buckets = ctx.platform.dataStores.filter((d): d is BucketStore => d.kind === 's3');
    const physical = (b: BucketStore) => `${ctx.platform.name}-${b.name}`;
    const configured = ctx.env[ENV.s3Endpoint];
    if (configured || buckets.length === 0) {
      const env: Record<string, string> = configured ? { [ENV.s3Endpoint]: configured } : {};
      for (const b of buckets) {
        const variable = dataStoreEnvName(b)!;
        if (ctx.env[variable]) env[variable] = ctx.env[variable];
      }
      return { name: 's3', endpoint: '', env, ready: async () => undefined, stop: async () => undefined };
    }
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = { [ENV.s3Endpoint]: endpoint };
    for (const b of buckets) env[dataStoreEnvName(b)!] = physical(b);
    let kept: KeptProcess | undefined;
    return {
      name: 's3',
      endpoint,
      env,
      async ready() {
        const start = async (): Promise<KeptRun> =>
          startStandInProcess(
            ENTRY,
            {
              S3_STANDIN_PORT: String(port),
              S3_STANDIN_DIR: join(ctx.dataDir, 's3'),
              S3_STANDIN_BUCKETS: buckets.map(physical).join(','),
              S3_STANDIN_ACCESS_KEY: LOCAL_ACCESS_KEY,
            },
            join(ctx.logDir, 's3.log'),
            ctx.console,
            { execArgv: ['--openssl-legacy-provider'] },
          );
        kept = new KeptProcess({ name: 's3', start, ...(ctx.console ? { console: ctx.console } : {}) });
        await kept.start();
      },
      async stop() {
        await kept?.stop();
      },
      health: () => kept?.health() ?? { state: 'starting', restarts: 0 },
    };
  },
};
