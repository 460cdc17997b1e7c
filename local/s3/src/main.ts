/**
 * The S3 stand-in's own process: s3rver with OpenSSL's legacy provider, which it needs for the
 * DES-encrypted continuation tokens of ListObjectsV2 pages (Node's OpenSSL 3 leaves DES out by
 * default, and s3rver then fails every truncated listing). Says `ready` over IPC once listening.
 */
import { createRequire } from 'node:module';

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<unknown>;
}
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance;

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as S3rverClass;
const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
};

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

DUMMY_ACCOUNT.createKeyPair(env('S3_STANDIN_ACCESS_KEY'), env('S3_STANDIN_ACCESS_KEY'));
const server = new S3rver({
  port: Number(env('S3_STANDIN_PORT')),
  address: '127.0.0.1',
  silent: true,
  directory: env('S3_STANDIN_DIR'),
  configureBuckets: env('S3_STANDIN_BUCKETS')
    .split(',')
    .map((name) => ({ name, configs: [] })),
});
await server.run();
process.send?.('ready');

const stop = () => void server.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The runtime that started it is gone (even by SIGKILL): go too, rather than hold the port.
process.once('disconnect', stop);
