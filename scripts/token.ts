/**
 * `npm run --silent token -- <username>`: a fresh access token for a user `npm start` seeded,
 * through the running platform's public entry, for curl and scripts:
 *   curl -H "Authorization: Bearer $(npm run --silent token -- test-citizen)" localhost:8080/api/identity/me
 * The first call signs in with the password and the authenticator code (computed from the seeded
 * secret); it keeps the refresh token in the data folder, so later calls refresh instead, as a
 * signed-in app would, and need no second code.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededUsers, signIn } from '@dwp/dev-runtime/testing/sign-in';
import { dataDir, fail, runningPlatform } from './running-platform.ts';

const username = process.argv[2];
// Wherever it listens (`PORT=9000 npm start` too): the running platform says.
const { entry } = await runningPlatform();
if (!existsSync(join(dataDir, 'seeded-users.json'))) fail(`No seeded users in ${dataDir}.`);
const users = await seededUsers(dataDir);
const user = users.find((u) => u.username === username);
if (!user)
  fail(`Usage: npm run --silent token -- <username>\nSeeded users: ${users.map((u) => u.username).join(', ')}`);

const cacheDir = join(dataDir, 'token-cache');
const cacheFile = join(cacheDir, `${user.username}.json`);

async function refreshed(): Promise<string | undefined> {
  if (!existsSync(cacheFile)) return undefined;
  const { refreshToken } = JSON.parse(await readFile(cacheFile, 'utf8')) as { refreshToken: string };
  const res = await fetch(`${entry}/api/identity/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  // Signed out, expired, or a pool started fresh: sign in again.
  if (res.status !== 200) return undefined;
  return ((await res.json()) as { accessToken: string }).accessToken;
}

try {
  let token = await refreshed();
  if (!token) {
    const tokens = await signIn(entry, user);
    if (tokens.refreshToken) {
      await mkdir(cacheDir, { recursive: true, mode: 0o700 });
      await writeFile(cacheFile, JSON.stringify({ refreshToken: tokens.refreshToken }), { mode: 0o600 });
    }
    token = tokens.accessToken;
  }
  process.stdout.write(`${token}\n`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  fail(
    /fetch failed|ECONNREFUSED/.test(message)
      ? `Nothing answers at ${entry}: is \`npm start\` running?`
      : `Sign-in failed: ${message}`,
  );
}
