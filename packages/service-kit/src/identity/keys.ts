/**
 * Keys of the platform's principals (each service and the primary gateway). A principal signs with
 * its own private key (`SERVICE_SIGNING_KEY`, a JWK; Secrets Manager on AWS) and verifies others with
 * their public keys (`PLATFORM_TRUSTED_KEYS`, a JWKS whose `kid` is the principal's name).
 */
import { ENV } from '@dwp/platform';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

export const SIGNING_ALG = 'EdDSA';
/** The runtime contract's names for this principal's private key and every principal's public keys. */
export const SIGNING_KEY_ENV = ENV.signingKey;
export const TRUSTED_KEYS_ENV = ENV.trustedKeys;

export class KeyConfigError extends Error {
  static readonly code = 'SVC_ERR_KEYS_INVALID';
  readonly code = KeyConfigError.code;
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

export interface SigningKey {
  readonly kid: string;
  readonly key: ImportedKey;
}

export interface PrincipalKeyPair {
  readonly principal: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/** A fresh key pair for a principal (the runtime makes these; on AWS they are provisioned secrets). */
export async function generatePrincipalKeys(principal: string): Promise<PrincipalKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const meta = { kid: principal, alg: SIGNING_ALG, use: 'sig' };
  return {
    principal,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}

/** What the variables must hold; jose checks the rest of each key when it imports it. */
const privateJwk = z.looseObject({ kty: z.literal('OKP'), d: z.string(), kid: z.string().optional() });
const publicJwks = z.object({
  keys: z.array(z.looseObject({ kid: z.string() }).refine((k) => !('d' in k), 'a public key has no "d"')),
});

function parseJson(variable: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new KeyConfigError(`${variable} is not valid JSON`);
  }
}

export async function loadSigningKey(principal: string, env: NodeJS.ProcessEnv): Promise<SigningKey | undefined> {
  const raw = env[SIGNING_KEY_ENV];
  if (!raw) return undefined;
  const parsed = privateJwk.safeParse(parseJson(SIGNING_KEY_ENV, raw));
  if (!parsed.success) throw new KeyConfigError(`${SIGNING_KEY_ENV} must be a private Ed25519 JWK`);
  const jwk = parsed.data;
  if (jwk.kid !== principal)
    throw new KeyConfigError(`${SIGNING_KEY_ENV} belongs to "${String(jwk.kid)}", not "${principal}"`);
  return { kid: principal, key: await importJWK(jwk, SIGNING_ALG) };
}

export function loadTrustedKeys(
  env: NodeJS.ProcessEnv,
): { getKey: JWTVerifyGetKey; principals: ReadonlySet<string> } | undefined {
  const raw = env[TRUSTED_KEYS_ENV];
  if (!raw) return undefined;
  const parsed = publicJwks.safeParse(parseJson(TRUSTED_KEYS_ENV, raw));
  if (!parsed.success) throw new KeyConfigError(`${TRUSTED_KEYS_ENV} must be a JWKS of public keys, each with a kid`);
  const jwks = parsed.data;
  return { getKey: createLocalJWKSet(jwks), principals: new Set(jwks.keys.map((k) => k.kid)) };
}
