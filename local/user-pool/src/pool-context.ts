/**
 * What every Cognito operation of the local pool works on: the configuration, the stored state,
 * the signing keys and the challenge sessions, with the checks and steps operations share
 * (which client or pool a request names, who a user is, a live access token, issuing tokens).
 */
import { createHash, randomBytes, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { systemClock, type Clock } from '@dwp/clock';
import { AuthSessions } from './auth-sessions.ts';
import { CognitoError, INVALID_SESSION } from './errors.ts';
import { afterSuccess, NO_LOCKOUT } from './lockout.ts';
import type { MfaConfiguration } from './mfa-challenge.ts';
import { passwordProblem, type PasswordPolicy } from './password-policy.ts';
import type { PoolState, StateWriter, StoredUser } from './pool-state.ts';
import type { SigningKeys } from './signing-keys.ts';
import { issueTokens, verifyAccessToken } from './tokens.ts';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export interface UserPoolConfig {
  readonly poolId: string;
  readonly clientId: string;
  /** `http://127.0.0.1:<port>/<poolId>`, as Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  readonly groups: readonly string[];
  /** The group a self-registered user joins on confirmation (Cognito: a post-confirmation trigger). */
  readonly selfSignUpGroup: string | undefined;
  readonly passwordPolicy: PasswordPolicy;
  /** @default 3600 */
  readonly tokenLifetimeSeconds: number;
  /** @default 24 hours, as Cognito's confirmation codes */
  readonly codeLifetimeMs: number;
  /** Where a confirmation code goes (Cognito emails it). */
  readonly deliverCode: (username: string, code: string) => void;
  /**
   * The pool's `MfaConfiguration`, with the software token (TOTP) as its only factor. ON sends a
   * user without one to MFA_SETUP at sign-in.
   * @default 'OFF'
   */
  readonly mfa?: MfaConfiguration;
  /** Where time comes from; tests move a fake one. @default systemClock */
  readonly clock?: Clock;
}

export type Attr = { Name: string; Value: string };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scrypt(password, salt, 32)).toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash!, 'base64');
  const actual = await scrypt(password, Buffer.from(salt!, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export class PoolContext {
  readonly config: UserPoolConfig;
  readonly state: PoolState;
  readonly keys: SigningKeys;
  readonly sessions = new AuthSessions();
  readonly mfa: MfaConfiguration;
  readonly #writer: StateWriter;

  constructor(config: UserPoolConfig, state: PoolState, keys: SigningKeys, writer: StateWriter, mfa: MfaConfiguration) {
    this.config = config;
    this.state = state;
    this.keys = keys;
    this.mfa = mfa;
    this.#writer = writer;
  }

  now(): number {
    return (this.config.clock ?? systemClock).now();
  }

  save(): Promise<void> {
    return this.#writer.save(this.state);
  }

  requireClient(clientId: string): void {
    if (clientId !== this.config.clientId)
      throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
  }

  requirePool(poolId: string): void {
    if (poolId !== this.config.poolId)
      throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  }

  /**
   * The user of that name, if there is one. Read as an own key only: a username may be any word
   * Cognito allows, `constructor` and `__proto__` among them, which a plain object would answer
   * from its prototype.
   */
  findUser(name: string): StoredUser | undefined {
    const key = name.toLowerCase();
    return Object.hasOwn(this.state.users, key) ? this.state.users[key] : undefined;
  }

  user(name: string): StoredUser {
    const u = this.findUser(name);
    if (!u) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return u;
  }

  userBySub(sub: string): StoredUser {
    const u = Object.values(this.state.users).find((candidate) => candidate.sub === sub);
    // The user was deleted mid-flow: the session no longer names anyone.
    if (!u) throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
    return u;
  }

  attributes(u: StoredUser): Attr[] {
    return [{ Name: 'sub', Value: u.sub }, ...Object.entries(u.attributes).map(([Name, Value]) => ({ Name, Value }))];
  }

  checkPassword(password: string): void {
    const problem = passwordProblem(password, this.config.passwordPolicy);
    if (problem) throw new CognitoError('InvalidPasswordException', problem);
  }

  async createUser(name: string, attrs: Attr[], status: StoredUser['status'], password: string): Promise<StoredUser> {
    const key = name.toLowerCase();
    if (this.findUser(key)) throw new CognitoError('UsernameExistsException', 'User already exists');
    const email = attrs.find((a) => a.Name === 'email')?.Value;
    if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
    const user: StoredUser = {
      username: name,
      sub: randomUUID(),
      passwordHash: await hashPassword(password),
      status,
      attributes: Object.fromEntries(attrs.filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value])),
      groups: [],
      createdAt: new Date(this.now()).toISOString(),
      confirmation: undefined,
      lockout: NO_LOCKOUT,
    };
    // Defined, not assigned: assigning `__proto__` would set the object's prototype, not add a user.
    Object.defineProperty(this.state.users, key, { value: user, enumerable: true, writable: true, configurable: true });
    return user;
  }

  /** Every factor passed: a new session (`origin_jti`) with its refresh token, and tokens. */
  async completeSignIn(user: StoredUser, now: number) {
    user.lockout = afterSuccess();
    const refreshToken = randomBytes(48).toString('base64url');
    const originJti = randomUUID();
    const authTime = Math.floor(now / 1000);
    this.state.sessions[originJti] = {
      originJti,
      sub: user.sub,
      refreshTokenHash: sha256(refreshToken),
      authTime,
      createdAt: new Date(now).toISOString(),
      revoked: false,
    };
    await this.save();
    const tokens = await this.tokensFor(user, originJti, authTime);
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, RefreshToken: refreshToken } };
  }

  async tokensFor(user: StoredUser, originJti: string, authTime: number) {
    const { accessToken, idToken } = await issueTokens(
      this.keys,
      {
        sub: user.sub,
        username: user.username,
        groups: user.groups,
        email: user.attributes.email,
        emailVerified: user.attributes.email_verified === 'true',
      },
      {
        issuer: this.config.issuer,
        clientId: this.config.clientId,
        originJti,
        authTime,
        lifetimeSeconds: this.config.tokenLifetimeSeconds,
        now: this.now(),
      },
    );
    return {
      AccessToken: accessToken,
      IdToken: idToken,
      ExpiresIn: this.config.tokenLifetimeSeconds,
      TokenType: 'Bearer',
    };
  }

  /** The user and session an access token belongs to, unless signed out. */
  async liveSession(accessToken: string) {
    const claims = await verifyAccessToken(this.keys, accessToken, this.config.issuer);
    const session = this.state.sessions[claims.originJti];
    if (!session || session.revoked) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    const user = Object.values(this.state.users).find((u) => u.sub === claims.sub);
    if (!user) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    return { user, session };
  }
}
