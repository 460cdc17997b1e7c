/**
 * Short-lived tokens by which one principal tells another who is calling (and for which user):
 * an EdDSA JWT in `x-dwp-service-token`, `iss` and `kid` the caller, `aud` the callee.
 */
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@dwp/clock';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { isRole, type UserIdentity } from './caller.ts';
import { SIGNING_ALG, type SigningKey } from './keys.ts';

export const SERVICE_TOKEN_HEADER = 'x-dwp-service-token';
/** @default lifetime of a service token */
export const SERVICE_TOKEN_TTL_S = 60;
/** Clock skew tolerated between principals. */
export const CLOCK_TOLERANCE_S = 5;
/** A cached token is replaced this long before it expires. */
const REUSE_MARGIN_S = 15;
const MAX_CACHED = 10_000;

export interface ServiceTokenClaims {
  readonly issuer: string;
  readonly user?: UserIdentity;
}

export class ServiceTokenError extends Error {
  static readonly code = 'SVC_ERR_SERVICE_TOKEN_INVALID';
  readonly code = ServiceTokenError.code;
}

export class ServiceTokenSigner {
  readonly #key: SigningKey;
  readonly #cache = new Map<string, { token: string; reuseUntil: number }>();
  readonly #clock: Clock;

  constructor(key: SigningKey, clock: Clock = systemClock) {
    this.#key = key;
    this.#clock = clock;
  }

  get principal(): string {
    return this.#key.kid;
  }

  /** A token for `audience`, reused while it has life left (signing is the costly part). */
  async sign(audience: string, user?: UserIdentity): Promise<string> {
    const cacheKey = user ? `${audience}\n${user.sub}\n${user.username}\n${user.roles.join(',')}` : audience;
    const nowS = Math.floor(this.#clock.now() / 1000);
    const hit = this.#cache.get(cacheKey);
    if (hit && hit.reuseUntil > nowS) return hit.token;
    const token = await new SignJWT(
      user ? { user: { sub: user.sub, username: user.username, roles: [...user.roles] } } : {},
    )
      .setProtectedHeader({ alg: SIGNING_ALG, kid: this.#key.kid, typ: 'dwp-service+jwt' })
      .setIssuer(this.#key.kid)
      .setSubject(this.#key.kid)
      .setAudience(audience)
      .setIssuedAt(nowS)
      .setExpirationTime(nowS + SERVICE_TOKEN_TTL_S)
      .setJti(randomUUID())
      .sign(this.#key.key);
    if (this.#cache.size >= MAX_CACHED) this.#cache.clear();
    this.#cache.set(cacheKey, { token, reuseUntil: nowS + SERVICE_TOKEN_TTL_S - REUSE_MARGIN_S });
    return token;
  }
}

const userClaim = z.object({ sub: z.string(), username: z.string(), roles: z.array(z.string()) });

function userFrom(value: unknown, roles: readonly string[]): UserIdentity | undefined {
  if (value === undefined) return undefined;
  const user = userClaim.safeParse(value);
  if (!user.success || !user.data.roles.every((r) => isRole(r, roles))) {
    throw new ServiceTokenError(
      `the "user" claim must carry sub, username and roles drawn from the user pool's groups (${roles.join(', ')})`,
    );
  }
  return user.data;
}

/**
 * Verifies a token addressed to `audience`; fails closed on anything unexpected. `roles` are the
 * user pool's groups (the definition's `userPool.groups`): a user claiming any other is refused.
 */
export async function verifyServiceToken(
  token: string,
  audience: string,
  getKey: JWTVerifyGetKey,
  roles: readonly string[],
): Promise<ServiceTokenClaims> {
  try {
    const { payload, protectedHeader } = await jwtVerify(token, getKey, {
      algorithms: [SIGNING_ALG],
      audience,
      typ: 'dwp-service+jwt',
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: SERVICE_TOKEN_TTL_S + CLOCK_TOLERANCE_S,
      requiredClaims: ['iss', 'aud', 'exp', 'iat'],
    });
    if (payload.iss !== protectedHeader.kid)
      throw new ServiceTokenError("token signed with a key that is not its issuer's");
    const user = userFrom(payload.user, roles);
    return { issuer: payload.iss!, ...(user ? { user } : {}) };
  } catch (err) {
    if (err instanceof ServiceTokenError) throw err;
    if (err instanceof joseErrors.JOSEError) throw new ServiceTokenError(`service token rejected: ${err.code}`);
    throw err;
  }
}
