/**
 * Amazon Cognito's stand-in: the local user pool (local/user-pool) as its own process, its ids
 * kept per data folder, and a seeded test citizen and caseworker whose credentials `npm start`
 * prints and `npm run token` reads. When the definition turns MFA on (optional or required), each
 * seeded user is enrolled in an authenticator (TOTP) through the Cognito API as a real client
 * would enrol, and its secret is kept beside the password.
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
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  type VerifySoftwareTokenCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_REGION, ENV, userPoolGroupsOf, type UserPool as UserPoolDefinition } from '@dwp/platform';
import { codeForStep, totpStep, type MfaConfiguration } from '@dwp/user-pool';
import { z } from 'zod';
import { freePort } from '../free-port.ts';
import { KeptProcess, type KeptRun } from '../kept-process.ts';
import { startStandInProcess } from './child-process.ts';
import type { SelectableStandIn } from './stand-in.ts';

const ENTRY = createRequire(import.meta.url).resolve('@dwp/user-pool/main');
export const SEEDED_USERS_FILE = 'seeded-users.json';
const REGION = DEFAULT_REGION;

export interface SeededUser {
  readonly username: string;
  readonly password: string;
  readonly group: string;
  readonly email: string;
  /** The user's authenticator secret (TOTP, base32), present when the pool's MFA is optional or required. */
  readonly totpSecret?: string;
}

/** The pool's ids, kept per data folder in `user-pool/ids.json` so tokens survive a restart. */
export interface PoolIds {
  readonly poolId: string;
  readonly clientId: string;
}

const poolIdsSchema = z.object({
  poolId: z.string().regex(/^[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+$/, 'must look like eu-west-2_AbCdEf123'),
  clientId: z.string().min(1),
});

const seededUsersSchema = z.array(
  z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    group: z.string().min(1),
    email: z.string().min(1),
    totpSecret: z.string().min(1).optional(),
  }),
);

/** Reads a JSON file this stand-in wrote; a damaged one is an error naming the file, not a crash later. */
async function readJsonFile<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `${file} is damaged (not JSON: ${err instanceof Error ? err.message : String(err)}); delete it to start afresh`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is damaged (${issues.join('; ')}); delete it to start afresh`);
  }
  return parsed.data;
}

/** The ids stored in `file`, or undefined when there is none yet. */
export function readPoolIds(file: string): Promise<PoolIds | undefined> {
  return readJsonFile(file, poolIdsSchema);
}

/** The definition's MFA mode as Cognito's `MfaConfiguration` names it (required is Cognito's ON). */
const MFA_CONFIGURATION: Readonly<Record<UserPoolDefinition['mfa'], MfaConfiguration>> = {
  off: 'OFF',
  optional: 'OPTIONAL',
  required: 'ON',
};
const FRIENDLY_DEVICE_NAME = 'Seeded authenticator';

const SEEDS = [
  { username: 'test-citizen', group: 'citizen', email: 'test-citizen@example.com' },
  { username: 'test-caseworker', group: 'caseworker', email: 'test-caseworker@dwp.example' },
] as const;

/** A password that meets Cognito's default policy. */
const newPassword = () => `Dwp-${randomBytes(9).toString('base64url')}7a!`;

const alnum = (n: number, alphabet: string) =>
  Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');

export const userPoolStandIn: SelectableStandIn = {
  name: 'user-pool',
  needed: (platform) => platform.gateways.primary?.authentication.type === 'cognito-user-pool',
  async plan(ctx) {
    const gateway = ctx.platform.gateways.primary;
    const settings = gateway?.authentication.userPool;
    const dir = join(ctx.dataDir, 'user-pool');
    await mkdir(dir, { recursive: true });
    const idsFile = join(dir, 'ids.json');
    const ids: PoolIds = (await readPoolIds(idsFile)) ?? {
      poolId: `${REGION}_${alnum(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
      clientId: alnum(26, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    };
    await writeFile(idsFile, JSON.stringify(ids));
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const issuer = `${endpoint}/${ids.poolId}`;
    const mfa = MFA_CONFIGURATION[settings?.mfa ?? 'off'];
    let kept: KeptProcess | undefined;
    let seeded: SeededUser[] = [];

    return {
      name: 'user-pool',
      endpoint,
      env: {
        [ENV.cognitoEndpoint]: endpoint,
        [ENV.cognitoRegion]: REGION,
        [ENV.cognitoUserPoolId]: ids.poolId,
        [ENV.cognitoClientId]: ids.clientId,
        [ENV.cognitoIssuer]: issuer,
      },
      async ready() {
        const start = async (): Promise<KeptRun> =>
          startStandInProcess(
            ENTRY,
            {
              USER_POOL_PORT: String(port),
              USER_POOL_ID: ids.poolId,
              USER_POOL_CLIENT_ID: ids.clientId,
              USER_POOL_DATA_DIR: dir,
              USER_POOL_GROUPS: userPoolGroupsOf(ctx.platform).join(','),
              ...(settings?.selfSignUpGroup ? { USER_POOL_SELF_SIGN_UP_GROUP: settings.selfSignUpGroup } : {}),
              ...(settings
                ? {
                    USER_POOL_PASSWORD_POLICY: JSON.stringify(settings.passwordPolicy),
                    USER_POOL_TOKEN_LIFETIME_S: String(settings.tokenValidityMinutes * 60),
                  }
                : {}),
              USER_POOL_MFA: mfa,
            },
            join(ctx.logDir, 'user-pool.log'),
            ctx.console,
          );
        kept = new KeptProcess({ name: 'user-pool', start, ...(ctx.console ? { console: ctx.console } : {}) });
        await kept.start();
        seeded = await seedUsers(
          { endpoint, poolId: ids.poolId, clientId: ids.clientId, mfa },
          join(ctx.dataDir, SEEDED_USERS_FILE),
        );
      },
      stop: async () => kept?.stop(),
      health: () => kept?.health() ?? { state: 'starting', restarts: 0 },
      notes: () => [
        'Seeded users (sign in with POST /api/identity/sign-in; or `npm run --silent token -- <username>`):',
        ...seeded.map(
          (u) =>
            `  ${u.username.padEnd(16)} ${u.password}   (${u.group})${u.totpSecret ? `   authenticator secret ${u.totpSecret}` : ''}`,
        ),
        ...(mfa === 'OFF'
          ? []
          : [
              `  MFA is ${mfa}: add a secret to an authenticator app (time-based, SHA-1, 6 digits, 30 s) for its codes.`,
            ]),
      ],
    };
  },
};

interface PoolAccess {
  readonly endpoint: string;
  readonly poolId: string;
  readonly clientId: string;
  readonly mfa: MfaConfiguration;
}

/**
 * Creates the seeded users once per data folder; later runs reuse their stored credentials. With
 * MFA on, a stored user without an authenticator (seeded while MFA was off) is enrolled now.
 */
async function seedUsers(pool: PoolAccess, file: string): Promise<SeededUser[]> {
  const stored: SeededUser[] | undefined = await readJsonFile(file, seededUsersSchema);
  const wantsTotp = pool.mfa !== 'OFF';
  if (stored && (!wantsTotp || stored.every((u) => u.totpSecret))) return stored;
  const client = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const users: SeededUser[] = [];
    for (const seed of stored ?? SEEDS) {
      let user: SeededUser;
      if ('password' in seed) {
        user = seed;
      } else {
        user = { ...seed, password: newPassword() };
        const { poolId } = pool;
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: seed.username,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: seed.email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
        await client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: seed.username,
            Password: user.password,
            Permanent: true,
          }),
        );
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: seed.username, GroupName: seed.group }),
        );
      }
      users.push(
        wantsTotp && !user.totpSecret
          ? { ...user, totpSecret: await enrolAuthenticator(client, pool.clientId, user) }
          : user,
      );
    }
    await writeFile(file, JSON.stringify(users, null, 2), { mode: 0o600 });
    return users;
  } finally {
    client.destroy();
  }
}

/**
 * Verifies a new authenticator with the code of the step before the current one (inside the
 * pool's one step of drift), so the current and next steps stay unused for the first sign-ins
 * after start-up: the pool, like Cognito, refuses a code of any step it has already accepted.
 * Should the clock cross into a new step between computing and checking, that code is out of the
 * window; the one retry computes it again, and no step is spent by a refusal.
 */
async function verifyWithPreviousStep(
  secret: string,
  verify: (code: string) => Promise<VerifySoftwareTokenCommandOutput>,
): Promise<VerifySoftwareTokenCommandOutput> {
  const step = totpStep(Date.now());
  try {
    return await verify(codeForStep(secret, step - 1));
  } catch (err) {
    if ((err as Error).name !== 'EnableSoftwareTokenMFAException' || totpStep(Date.now()) === step) throw err;
    return verify(codeForStep(secret, totpStep(Date.now()) - 1));
  }
}

/**
 * Enrols a user's authenticator through the Cognito API as an app would, and returns its secret.
 * MFA required: sign in, answer MFA_SETUP (associate with the session, verify, respond). MFA
 * optional: sign in, associate with the access token, verify, prefer the software token. Either
 * way enrolment ends there: no further sign-in, so no second code, is needed.
 */
async function enrolAuthenticator(
  client: CognitoIdentityProviderClient,
  clientId: string,
  user: SeededUser,
): Promise<string> {
  const first = await client.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  if (first.ChallengeName === 'MFA_SETUP') {
    const { SecretCode: secret, Session } = await client.send(
      new AssociateSoftwareTokenCommand({ Session: first.Session }),
    );
    if (!secret || !Session)
      throw new Error(`Seeding ${user.username}: AssociateSoftwareToken returned no secret or session`);
    const verified = await verifyWithPreviousStep(secret, (code) =>
      client.send(
        new VerifySoftwareTokenCommand({ Session, UserCode: code, FriendlyDeviceName: FRIENDLY_DEVICE_NAME }),
      ),
    );
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: user.username },
      }),
    );
    if (!done.AuthenticationResult)
      throw new Error(`Seeding ${user.username}: MFA_SETUP ended in ${done.ChallengeName ?? 'nothing'}, not tokens`);
    return secret;
  }
  const AccessToken = first.AuthenticationResult?.AccessToken;
  if (!AccessToken) {
    throw new Error(
      `Seeding ${user.username}: sign-in asked for ${first.ChallengeName ?? 'nothing'}, but the stored credentials have no authenticator secret; delete the data folder's user-pool and ${SEEDED_USERS_FILE} to seed afresh`,
    );
  }
  const { SecretCode: secret } = await client.send(new AssociateSoftwareTokenCommand({ AccessToken }));
  if (!secret) throw new Error(`Seeding ${user.username}: AssociateSoftwareToken returned no secret`);
  await verifyWithPreviousStep(secret, (code) =>
    client.send(
      new VerifySoftwareTokenCommand({ AccessToken, UserCode: code, FriendlyDeviceName: FRIENDLY_DEVICE_NAME }),
    ),
  );
  await client.send(
    new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
  );
  return secret;
}
