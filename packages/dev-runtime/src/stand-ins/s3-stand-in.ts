/**
 * The local stand-in for S3: s3rver (an S3-API server from npm) holding every bucket in the
 * definition under `<data>/s3`. Signatures are checked as S3 checks them, with the local
 * credentials every AWS client here uses. Steps aside when `S3_ENDPOINT` names a real one.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ENV, dataStoreEnvName, type DataStore } from '@dwp/platform';
import { freePort } from '../free-port.ts';
import type { PlannedStandIn, StandIn, StandInContext } from './stand-in.ts';

type BucketStore = Extract<DataStore, { kind: 's3' }>;

/** The credentials local AWS clients sign with (see the service kit's DynamoDB client). */
export const LOCAL_ACCESS_KEY = 'local';

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<unknown>;
}
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);

export const s3StandIn: StandIn = {
  name: 's3',
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
    let server: S3rverInstance | undefined;
    return {
      name: 's3',
      endpoint,
      env,
      async ready() {
        // s3rver is CommonJS and heavy: load it only when a platform has buckets.
        const S3rver = require('s3rver') as S3rverClass;
        const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
        DUMMY_ACCOUNT.createKeyPair(LOCAL_ACCESS_KEY, LOCAL_ACCESS_KEY);
        server = new S3rver({
          port,
          address: '127.0.0.1',
          silent: true,
          directory: join(ctx.dataDir, 's3'),
          configureBuckets: buckets.map((b) => ({ name: physical(b), configs: [] })),
        });
        await server.run();
      },
      async stop() {
        await server?.close();
      },
    };
  },
};
