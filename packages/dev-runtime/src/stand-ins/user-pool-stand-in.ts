/**
 * Amazon Cognito's stand-in: the local user pool (packages/user-pool) as its own process, its ids
 * kept per data folder, and a seeded test citizen and caseworker whose credentials `npm start`
 * prints and `npm run token` reads.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { freePort } from '../free-port.ts';
import { startStandInProcess, type StandInProcess } from './child-process.ts';
import type { StandIn } from './stand-in.ts';

const ENTRY = createRequire(import.meta.url).resolve('@dwp/user-pool/main');
export const SEEDED_USERS_FILE = 'seeded-users.json';
const REGION = 'eu-west-2';

export interface SeededUser {
  readonly username: string;
  readonly password: string;
  readonly group: string;
  readonly email: string;
}

/** The variables through which services reach the user pool (Cognito's, on AWS). */
export const COGNITO_ENV = {
  endpoint: 'COGNITO_ENDPOINT',
  region: 'COGNITO_REGION',
  userPoolId: 'COGNITO_USER_POOL_ID',
  clientId: 'COGNITO_CLIENT_ID',
  issuer: 'COGNITO_ISSUER',
} as const;

const SEEDS = [
  { username: 'test-citizen', group: 'citizen', email: 'test-citizen@example.com' },
  { username: 'test-caseworker', group: 'caseworker', email: 'test-caseworker@dwp.example' },
] as const;

/** A password that meets Cognito's default policy. */
const newPassword = () => `Dwp-${randomBytes(9).toString('base64url')}7a!`;

const alnum = (n: number, alphabet: string) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');

export const userPoolStandIn: StandIn = {
  name: 'user-pool',
  async plan(ctx) {
    const gateway = ctx.platform.gateways.primary;
    const settings = gateway?.authentication.userPool;
    const dir = join(ctx.dataDir, 'user-pool');
    await mkdir(dir, { recursive: true });
    const idsFile = join(dir, 'ids.json');
    const ids = existsSync(idsFile)
      ? (JSON.parse(await readFile(idsFile, 'utf8')) as { poolId: string; clientId: string })
      : { poolId: `${REGION}_${alnum(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`, clientId: alnum(26, 'abcdefghijklmnopqrstuvwxyz0123456789') };
    await writeFile(idsFile, JSON.stringify(ids));
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const issuer = `${endpoint}/${ids.poolId}`;
    let proc: StandInProcess | undefined;
    let seeded: SeededUser[] = [];

    return {
      name: 'user-pool',
      endpoint,
      env: {
        [COGNITO_ENV.endpoint]: endpoint,
        [COGNITO_ENV.region]: REGION,
        [COGNITO_ENV.userPoolId]: ids.poolId,
        [COGNITO_ENV.clientId]: ids.clientId,
        [COGNITO_ENV.issuer]: issuer,
      },
      async ready() {
        proc = await startStandInProcess(
          ENTRY,
          {
            USER_POOL_PORT: String(port),
            USER_POOL_ID: ids.poolId,
            USER_POOL_CLIENT_ID: ids.clientId,
            USER_POOL_DATA_DIR: dir,
            USER_POOL_GROUPS: (settings?.groups ?? ['citizen', 'caseworker', 'admin']).join(','),
            ...(settings?.selfSignUpGroup ? { USER_POOL_SELF_SIGN_UP_GROUP: settings.selfSignUpGroup } : {}),
            ...(settings ? { USER_POOL_PASSWORD_POLICY: JSON.stringify(settings.passwordPolicy), USER_POOL_TOKEN_LIFETIME_S: String(settings.tokenValidityMinutes * 60) } : {}),
          },
          join(ctx.logDir, 'user-pool.log'),
          ctx.console,
        );
        seeded = await seedUsers(endpoint, ids.poolId, join(ctx.dataDir, SEEDED_USERS_FILE));
      },
      stop: async () => proc?.stop(),
      notes: () => [
        'Seeded users (sign in with POST /api/identity/sign-in; or `npm run --silent token -- <username>`):',
        ...seeded.map((u) => `  ${u.username.padEnd(16)} ${u.password}   (${u.group})`),
      ],
    };
  },
};

/** Creates the seeded users once per data folder; later runs reuse their stored credentials. */
async function seedUsers(endpoint: string, poolId: string, file: string): Promise<SeededUser[]> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as SeededUser[];
  const client = new CognitoIdentityProviderClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const users: SeededUser[] = [];
    for (const seed of SEEDS) {
      const password = newPassword();
      await client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: seed.username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: seed.email }, { Name: 'email_verified', Value: 'true' }] }));
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: seed.username, Password: password, Permanent: true }));
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: seed.username, GroupName: seed.group }));
      users.push({ ...seed, password });
    }
    await writeFile(file, JSON.stringify(users, null, 2), { mode: 0o600 });
    return users;
  } finally {
    client.destroy();
  }
}
