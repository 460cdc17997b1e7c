/**
 * The preload every service process starts with (`node --import @dwp/telemetry/register main.ts`,
 * locally and in its container): tracing must begin before the app imports `pg`, `ioredis` or the
 * AWS SDK, so their instrumentation can wrap them as they load. Only those modules go through the
 * loader hook; everything else loads untouched.
 */
import { register as registerAsyncHooks } from 'node:module';
import { register, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { readTracingConfig } from './tracing-config.ts';
import { startTracing } from './start-tracing.ts';
import { setStartedTracing } from './tracing-state.ts';

const config = readTracingConfig(process.env);
/** The modules whose instrumentation patches them as they load. */
const INSTRUMENTED = [
  'pg',
  'pg-pool',
  'ioredis',
  '@smithy/smithy-client',
  '@smithy/middleware-stack',
  '@aws-sdk/smithy-client',
  '@aws-sdk/middleware-stack',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-dynamodb',
];

if (config.enabled) {
  // In-thread hooks where Node has them (24.11.1+, 22.22.3+); the loader thread before that.
  if (supportsSyncHooks()) register({ include: INSTRUMENTED });
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only loader hook those versions have
  else registerAsyncHooks('import-in-the-middle/hook.mjs', import.meta.url, { data: { include: INSTRUMENTED } });
  setStartedTracing(startTracing(config));
}
