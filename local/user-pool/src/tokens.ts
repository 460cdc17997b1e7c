/** Access and ID tokens with the claims Cognito puts in them, signed RS256. */
import { randomUUID } from 'node:crypto';
import { SignJWT, createLocalJWKSet, jwtVerify, errors as joseErrors } from 'jose';
import { CognitoError } from './errors.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface TokenSubject {
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  readonly email: string | undefined;
  readonly emailVerified: boolean;
}

export interface IssueContext {
  readonly issuer: string;
  readonly clientId: string;
  readonly originJti: string;
  /** Epoch seconds of the sign-in that started the session. */
  readonly authTime: number;
  readonly lifetimeSeconds: number;
  readonly now: number;
}

export async function issueTokens(
  keys: SigningKeys,
  who: TokenSubject,
  ctx: IssueContext,
): Promise<{ accessToken: string; idToken: string }> {
  const iat = Math.floor(ctx.now / 1000);
  const kid = keys.active.kid;
  const key = await keys.privateKey(kid);
  const eventId = randomUUID();
  const common = {
    sub: who.sub,
    'cognito:groups': [...who.groups],
    origin_jti: ctx.originJti,
    event_id: eventId,
    auth_time: ctx.authTime,
  };
  const accessToken = await new SignJWT({
    ...common,
    client_id: ctx.clientId,
    token_use: 'access',
    scope: 'aws.cognito.signin.user.admin',
    username: who.username,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(ctx.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ctx.lifetimeSeconds)
    .setJti(randomUUID())
    .sign(key);
  const idToken = await new SignJWT({
    ...common,
    token_use: 'id',
    'cognito:username': who.username,
    ...(who.email ? { email: who.email, email_verified: who.emailVerified } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(ctx.issuer)
    .setAudience(ctx.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ctx.lifetimeSeconds)
    .setJti(randomUUID())
    .sign(key);
  return { accessToken, idToken };
}

export interface AccessClaims {
  readonly sub: string;
  readonly username: string;
  readonly originJti: string;
}

/** Verifies an access token this pool issued, with Cognito's error messages. */
export async function verifyAccessToken(keys: SigningKeys, token: string, issuer: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys.jwks()), { issuer, algorithms: ['RS256'] });
    if (
      payload.token_use !== 'access' ||
      typeof payload.sub !== 'string' ||
      typeof payload.username !== 'string' ||
      typeof payload.origin_jti !== 'string'
    ) {
      throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    }
    return { sub: payload.sub, username: payload.username, originJti: payload.origin_jti };
  } catch (err) {
    if (err instanceof CognitoError) throw err;
    if (err instanceof joseErrors.JWTExpired)
      throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
    throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  }
}
