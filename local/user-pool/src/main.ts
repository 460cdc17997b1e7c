/**
 * The local user pool as a process: `node main.ts`, configured by environment variables. Logs a
 * confirmation code where Cognito would email it (at warn level, so `npm start` shows it).
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { z } from 'zod';
import { MFA_CONFIGURATIONS } from './mfa-challenge.ts';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy.ts';
import { loadState } from './pool-state.ts';
import { createUserPoolServer } from './server.ts';
import { UserPool } from './user-pool.ts';

const passwordPolicy: z.ZodType<PasswordPolicy> = z.object({
  minLength: z.number().int().min(6).max(99),
  requireLowercase: z.boolean(),
  requireUppercase: z.boolean(),
  requireNumbers: z.boolean(),
  requireSymbols: z.boolean(),
});
/** A variable that holds JSON. */
const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON' });
    return z.NEVER;
  }
});

const env = z
  .object({
    USER_POOL_PORT: z.coerce.number().int().min(0).max(65535),
    USER_POOL_ID: z.string().regex(/^[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+$/, 'must look like eu-west-2_AbCdEf123'),
    USER_POOL_CLIENT_ID: z.string().min(1),
    USER_POOL_DATA_DIR: z.string().min(1),
    USER_POOL_GROUPS: z.string().default('citizen,caseworker,admin'),
    USER_POOL_SELF_SIGN_UP_GROUP: z.string().optional(),
    USER_POOL_PASSWORD_POLICY: jsonText.pipe(passwordPolicy).optional(),
    USER_POOL_TOKEN_LIFETIME_S: z.coerce.number().int().positive().default(3600),
    /** Cognito's MfaConfiguration, with the software token (TOTP) as the only factor. */
    USER_POOL_MFA: z.enum(MFA_CONFIGURATIONS).default('OFF'),
  })
  .parse(process.env);

const log = (level: number, msg: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), service: 'user-pool', msg, ...extra })}\n`);

const issuer = `http://127.0.0.1:${env.USER_POOL_PORT}/${env.USER_POOL_ID}`;
const stateFile = join(env.USER_POOL_DATA_DIR, 'state.json');
const pool = await UserPool.open(
  {
    poolId: env.USER_POOL_ID,
    clientId: env.USER_POOL_CLIENT_ID,
    issuer,
    groups: env.USER_POOL_GROUPS.split(',').filter(Boolean),
    selfSignUpGroup: env.USER_POOL_SELF_SIGN_UP_GROUP,
    passwordPolicy: env.USER_POOL_PASSWORD_POLICY ?? DEFAULT_PASSWORD_POLICY,
    tokenLifetimeSeconds: env.USER_POOL_TOKEN_LIFETIME_S,
    codeLifetimeMs: 24 * 3600_000,
    mfa: env.USER_POOL_MFA,
    deliverCode: (username, code) => log(40, `confirmation code for ${username}: ${code}`, { username }),
  },
  stateFile,
  await loadState(stateFile),
);
const server = createUserPoolServer(pool);
server.listen(env.USER_POOL_PORT, '127.0.0.1');
await once(server, 'listening');
log(30, 'user pool listening', { issuer, mfa: env.USER_POOL_MFA });
process.send?.('ready');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop);
