/**
 * The key that signs anonymous forms' CSRF tokens. Every frontend task must hold the same one (a
 * form shown by one task is posted to another behind the load balancer), so it is derived with
 * HKDF from the service's own signing key, which each task already gets from Secrets Manager; its
 * own label keeps the two uses apart. Without a signing key (page tests) a process makes its own.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { SIGNING_KEY_ENV } from '@dwp/service-kit';
import { z } from 'zod';

const privateOkpJwk = z.object({ kty: z.literal('OKP'), d: z.string().min(1) });

export function formKeyFrom(env: NodeJS.ProcessEnv): Uint8Array {
  const raw = env[SIGNING_KEY_ENV];
  if (!raw) return randomBytes(32);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error(`${SIGNING_KEY_ENV} is not valid JSON`);
  }
  const jwk = privateOkpJwk.safeParse(json);
  if (!jwk.success) throw new Error(`${SIGNING_KEY_ENV} must be a private Ed25519 JWK`);
  const secret = Buffer.from(jwk.data.d, 'base64url');
  return new Uint8Array(hkdfSync('sha256', secret, 'dwp-frontend', 'anonymous form csrf v1', 32));
}
