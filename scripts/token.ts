/**
 * `npm run --silent token -- <username>`: a fresh access token for a user `npm start` seeded,
 * signed in through the running platform's public entry, for curl and scripts:
 *   curl -H "Authorization: Bearer $(npm run --silent token -- test-citizen)" localhost:8080/api/identity/me
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const username = process.argv[2];
const dataDir = resolve(ROOT, process.env.DATA_DIR ?? '.data');
const file = join(dataDir, 'seeded-users.json');
const entry = `http://localhost:${process.env.PORT ?? 8080}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

if (!existsSync(file)) fail(`No seeded users in ${dataDir}: start the platform first with \`npm start\`.`);
const users = JSON.parse(readFileSync(file, 'utf8')) as Array<{ username: string; password: string }>;
const user = users.find((u) => u.username === username);
if (!user) fail(`Usage: npm run --silent token -- <username>\nSeeded users: ${users.map((u) => u.username).join(', ')}`);

let res: Response;
try {
  res = await fetch(`${entry}/api/identity/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
} catch {
  fail(`Nothing answers at ${entry}: is \`npm start\` running?`);
}
const body = (await res.json()) as { accessToken?: string; error?: { message: string }; message?: string };
if (!res.ok || !body.accessToken) fail(`Sign-in failed (${res.status}): ${body.error?.message ?? body.message ?? 'unknown error'}`);
process.stdout.write(`${body.accessToken}\n`);
