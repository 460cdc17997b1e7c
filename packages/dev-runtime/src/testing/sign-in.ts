/**
 * For tests, benchmarks and scripts: signing in through the public entry as a person would, second
 * factor included. The seeded users' authenticator secrets come from the data folder, and a new
 * user sets one up when the pool asks (MFA_SETUP). Codes are never reused: the pool refuses a code whose time step was already
 * used, so each sign-in takes the next unused step, starting at the current one (seeding enrols
 * with the step before it) and going at most one ahead of the clock, waiting for the clock only
 * when those are spent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codeForStep, totpStep, TOTP_PERIOD_S } from '@dwp/user-pool';
import { z } from 'zod';

export interface SeededUser {
  readonly username: string;
  readonly password: string;
  readonly group: string;
  readonly totpSecret?: string;
}

export interface Tokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken?: string;
  readonly expiresIn: number;
}

const seededUsersFile = z.array(
  z.object({ username: z.string(), password: z.string(), group: z.string(), totpSecret: z.string().optional() }),
);

export async function seededUsers(dataDir: string): Promise<SeededUser[]> {
  return seededUsersFile.parse(JSON.parse(await readFile(join(dataDir, 'seeded-users.json'), 'utf8')));
}

/** identity-api's answers, checked: a wrong shape fails the sign-in with zod's account of it. */
const tokensAnswer = z.looseObject({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string().optional(),
  expiresIn: z.number(),
});
const challengeAnswer = z.object({ challenge: z.string(), session: z.string() });
const setupAnswer = z.object({ secretCode: z.string(), otpauthUri: z.string(), session: z.string() });

export async function seededUser(dataDir: string, username: string): Promise<SeededUser> {
  const user = (await seededUsers(dataDir)).find((u) => u.username === username);
  if (!user) throw new Error(`no seeded user ${username}`);
  return user;
}

function expectOk(ok: boolean, what: string, answer: { status: number; body: unknown }): void {
  if (!ok) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

const lastStep = new Map<string, number>();

/** A code for a step of this secret not used before by this process, waiting for the clock if need be. */
export async function nextSecurityCode(secret: string): Promise<string> {
  const now = totpStep(Date.now());
  const step = Math.max(now - 1, (lastStep.get(secret) ?? now - 1) + 1);
  // Claimed before any wait, so a concurrent sign-in of the same user takes the step after.
  lastStep.set(secret, step);
  // Accepted up to one step ahead of the clock: beyond that, wait until the clock catches up.
  const validFrom = (step - 1) * TOTP_PERIOD_S * 1000;
  if (validFrom > Date.now()) await new Promise((r) => setTimeout(r, validFrom - Date.now() + 50));
  return codeForStep(secret, step);
}

async function post(entryUrl: string, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${entryUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/**
 * Signs in with password and, when asked, the authenticator code; a user asked to set one up
 * does so, and the secret is returned so the next sign-in can use it.
 */
export async function signIn(
  entryUrl: string,
  user: { username: string; password: string; totpSecret?: string | undefined },
): Promise<Tokens & { totpSecret?: string }> {
  const first = await post(entryUrl, '/identity/sign-in', {
    username: user.username,
    password: user.password,
  });
  expectOk(first.status === 200, `sign-in of ${user.username}`, first);
  const challenged = challengeAnswer.safeParse(first.body);
  if (!challenged.success) return tokensAnswer.parse(first.body);
  const { challenge, session } = challenged.data;
  if (challenge === 'SOFTWARE_TOKEN_MFA') {
    if (!user.totpSecret)
      throw new Error(`${user.username} is asked for a security code but has no authenticator secret`);
    const done = await post(entryUrl, '/identity/sign-in/mfa', {
      username: user.username,
      session,
      code: await nextSecurityCode(user.totpSecret),
    });
    expectOk(done.status === 200, `security code of ${user.username}`, done);
    return tokensAnswer.parse(done.body);
  }
  if (challenge !== 'MFA_SETUP') throw new Error(`sign-in of ${user.username} asks for ${challenge}`);
  const setupAnswered = await post(entryUrl, '/identity/sign-in/mfa-setup', { username: user.username, session });
  expectOk(setupAnswered.status === 200, `authenticator set-up of ${user.username}`, setupAnswered);
  const setup = setupAnswer.parse(setupAnswered.body);
  const done = await post(entryUrl, '/identity/sign-in/mfa-setup/verify', {
    username: user.username,
    session: setup.session,
    code: await nextSecurityCode(setup.secretCode),
  });
  expectOk(done.status === 200, `first security code of ${user.username}`, done);
  return { ...tokensAnswer.parse(done.body), totpSecret: setup.secretCode };
}
