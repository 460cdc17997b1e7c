/**
 * `npm run --silent confirmation-code -- <username>`: the sign-up code Cognito would have emailed
 * (npm start's console prints it too), read from the running platform's user pool, for curl walks:
 *   curl -s $API/identity/confirm -d "{\"username\":\"sam\",\"code\":\"$(npm run --silent confirmation-code -- sam)\"}" ...
 */
import { z } from 'zod';
import { fail, runningPlatform } from './running-platform.ts';

const username = process.argv[2];
if (!username) fail('Usage: npm run --silent confirmation-code -- <username>');
const runtime = await runningPlatform();

const status = z
  .object({ standIns: z.array(z.object({ name: z.string(), endpoint: z.string() })) })
  .parse(await (await fetch(`${runtime.admin}/status`)).json());
const pool = status.standIns.find((s) => s.name === 'user-pool')?.endpoint;
if (!pool) fail('This platform runs no local user pool: the code went by email.');
const res = await fetch(`${pool}/__local/confirmation-codes/${encodeURIComponent(username)}`);
if (res.status === 404) fail(`No confirmation code is waiting for ${username}: sign up first, or it is confirmed.`);
const { code } = z.object({ code: z.string() }).parse(await res.json());
process.stdout.write(`${code}\n`);
