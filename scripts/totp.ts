/**
 * `npm run --silent totp -- <secret>`: the code an authenticator app would show now for a base32
 * secret (a seeded user's, printed by `npm start`, or one a sign-in set up), for curl walks.
 */
import { totpCode } from '@dwp/user-pool';

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/i.test(secret)) {
  process.stderr.write('Usage: npm run --silent totp -- <base32 secret>\n');
  process.exit(1);
}
process.stdout.write(`${totpCode(secret)}\n`);
