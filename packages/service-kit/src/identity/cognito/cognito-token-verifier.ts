/**
 * Verifies a Cognito access token as API Gateway's Cognito authorizer does when OAuth scopes are
 * configured: RS256 only (so `alg: none` and HS256-with-the-public-key fail), signature against the
 * pool's JWKS (cached, refetched when an unknown `kid` appears), `iss`, `exp`/`nbf` with a small
 * leeway, `token_use` = access and `client_id` = this app client. A verified token is remembered
 * until it expires, so a caller's later requests cost a map lookup, not a signature check.
 * The user's roles are those of its `cognito:groups` that are groups of the pool (the definition's
 * `userPool.groups`).
 */
import { systemClock, type Clock } from '@dwp/clock';
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { isRole, type UserIdentity } from '../caller.ts';
import { TokenRejected } from './token-rejected.ts';
import { JwksCache } from './jwks-cache.ts';

/** Clock skew tolerated on `exp` and `nbf`. */
export const CLOCK_LEEWAY_S = 5;
/** Least time between JWKS refetches on an unknown `kid` (guards the pool against kid-spraying). */
export const JWKS_REFETCH_COOLDOWN_MS = 1000;
/** How long a fetched JWKS is trusted before it is fetched again anyway. */
export const JWKS_MAX_AGE_MS = 10 * 60_000;
const MAX_REMEMBERED = 50_000;

export interface VerifiedToken {
  readonly user: UserIdentity;
  /** Epoch ms at which the token expires. */
  readonly expiresAt: number;
}

export interface CognitoVerifierOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** @default `${issuer}/.well-known/jwks.json` */
  readonly jwks?: JWTVerifyGetKey;
  /** The pool's groups (the definition's `userPool.groups`): a group not among them grants no role. */
  readonly groups: readonly string[];
  /** @default systemClock */
  readonly clock?: Clock;
}

function rejectionFor(err: unknown): TokenRejected {
  if (err instanceof TokenRejected) return err;
  if (err instanceof joseErrors.JWTExpired) return new TokenRejected('expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf') return new TokenRejected('not-yet-valid');
    if (err.claim === 'iss') return new TokenRejected('wrong-issuer');
    return new TokenRejected('malformed', `claim ${err.claim}`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return new TokenRejected('disallowed-alg');
  if (err instanceof joseErrors.JWKSNoMatchingKey) return new TokenRejected('unknown-key');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return new TokenRejected('bad-signature');
  if (err instanceof joseErrors.JOSEError) return new TokenRejected('malformed', err.code);
  // The pool could not be asked for its keys: refuse, but say why in the log.
  return new TokenRejected('unknown-key', err instanceof Error ? err.message : String(err));
}

export class CognitoTokenVerifier {
  readonly #opts: CognitoVerifierOptions;
  readonly #clock: Clock;
  readonly #jwks: JWTVerifyGetKey;
  readonly #remembered = new Map<string, VerifiedToken>();

  constructor(opts: CognitoVerifierOptions) {
    if (!/^https?:\/\//.test(opts.issuer)) throw new TypeError('issuer must be an http(s) URL');
    if (!opts.clientId) throw new TypeError('clientId is required');
    this.#opts = opts;
    this.#clock = opts.clock ?? systemClock;
    this.#jwks =
      opts.jwks ??
      new JwksCache({
        url: `${opts.issuer}/.well-known/jwks.json`,
        cooldownMs: JWKS_REFETCH_COOLDOWN_MS,
        maxAgeMs: JWKS_MAX_AGE_MS,
        clock: this.#clock,
      }).getKey;
  }

  /** @throws {TokenRejected} naming why. */
  async verify(token: string): Promise<VerifiedToken> {
    const now = this.#clock.now();
    const known = this.#remembered.get(token);
    if (known) {
      if (known.expiresAt + CLOCK_LEEWAY_S * 1000 > now) return known;
      this.#remembered.delete(token);
      throw new TokenRejected('expired');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#jwks, {
        algorithms: ['RS256'],
        issuer: this.#opts.issuer,
        clockTolerance: CLOCK_LEEWAY_S,
        currentDate: new Date(now),
        requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
      }));
    } catch (err) {
      throw rejectionFor(err);
    }
    if (payload.token_use !== 'access') throw new TokenRejected('wrong-token-use', String(payload.token_use));
    if (payload.client_id !== this.#opts.clientId) throw new TokenRejected('wrong-client');
    const groups = payload['cognito:groups'];
    const verified: VerifiedToken = {
      user: {
        sub: payload.sub!,
        username: typeof payload.username === 'string' ? payload.username : payload.sub!,
        roles: Array.isArray(groups) ? groups.filter((g: unknown) => isRole(g, this.#opts.groups)) : [],
      },
      expiresAt: payload.exp! * 1000,
    };
    if (this.#remembered.size >= MAX_REMEMBERED) this.#remembered.clear();
    this.#remembered.set(token, verified);
    return verified;
  }

  /** Forgets a token (it was signed out, say), so the next request verifies it afresh. */
  forget(token: string): void {
    this.#remembered.delete(token);
  }
}
