/**
 * The smoke test's user, kept in Secrets Manager under `<platform>/<environment>/smoke-test-user`
 * by whoever runs the environment (a user of the platform's own user pool, enrolled with an
 * authenticator app like every account), and the one authenticated read that proves a release
 * answers a signed-in caller. The pipeline reads it; nothing in the repository holds its values.
 */
import { z } from 'zod';

export const smokeUserSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  /** Base32 authenticator secret: the user pool asks every account for a second factor. */
  totpSecret: z.string().regex(/^[A-Z2-7]+=*$/i, 'totpSecret must be base32'),
  /** A GET under the public entry that needs the user's token and answers 200 (e.g. `/api/identity/me`). */
  readPath: z.string().regex(/^\/[^\s?#]*$/, 'readPath must be an absolute path without a query'),
});
export type SmokeUser = z.output<typeof smokeUserSchema>;

/** Parses the secret's JSON text; a malformed secret fails with the field it lacks, never its values. */
export function parseSmokeUser(text: string | undefined): SmokeUser {
  if (text === undefined || text.trim() === '') throw new Error('the smoke-test user secret is empty');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the smoke-test user secret is not JSON');
  }
  const parsed = smokeUserSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `the smoke-test user secret is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
