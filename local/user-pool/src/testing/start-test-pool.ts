/**
 * A user pool on a free loopback port for tests, with an SDK client pointed at it. The issuer names
 * the port, which is known only after listening, so a throw-away server finds the port first.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_PASSWORD_POLICY } from '../password-policy.ts';
import { createUserPoolServer } from '../server.ts';
import { UserPool, type UserPoolConfig } from '../user-pool.ts';

export interface TestPoolOptions extends Partial<Omit<UserPoolConfig, 'issuer'>> {
  readonly poolId: string;
  readonly clientId: string;
  /** Where the pool keeps its state file. */
  readonly dir: string;
  /** Names the state file, so one folder can hold several pools. @default 'pool' */
  readonly name?: string;
}

export interface TestPool {
  readonly endpoint: string;
  readonly issuer: string;
  readonly pool: UserPool;
  readonly client: CognitoIdentityProviderClient;
  readonly stateFile: string;
  readonly stop: () => void;
}

export async function startTestPool(opts: TestPoolOptions): Promise<TestPool> {
  const { dir, name = 'pool', ...overrides } = opts;
  const config = (issuer: string): UserPoolConfig => ({
    groups: ['citizen', 'caseworker', 'admin'],
    selfSignUpGroup: 'citizen',
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    tokenLifetimeSeconds: 3600,
    codeLifetimeMs: 60_000,
    deliverCode: () => undefined,
    ...overrides,
    issuer,
  });
  const probe = createUserPoolServer(
    await UserPool.open(config('http://probe'), join(dir, `${name}-probe.json`), undefined),
  );
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const endpoint = `http://127.0.0.1:${port}`;
  const issuer = `${endpoint}/${opts.poolId}`;
  const stateFile = join(dir, `${name}-state.json`);
  const pool = await UserPool.open(config(issuer), stateFile, undefined);
  const server: Server = createUserPoolServer(pool);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint,
    issuer,
    pool,
    client,
    stateFile,
    stop() {
      client.destroy();
      server.close();
    },
  };
}
