/**
 * The user pool's operations, named and shaped as Cognito's API (SignUp, ConfirmSignUp,
 * InitiateAuth, GetUser, GlobalSignOut, Admin*), with Cognito's errors and behaviours: password
 * policy, confirmation codes, lockout after repeated failures, sessions revoked by sign-out.
 */
import { createHash, randomBytes, randomInt, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { CognitoError, INCORRECT_CREDENTIALS } from './errors.ts';
import { afterFailure, afterSuccess, isLocked, NO_LOCKOUT } from './lockout.ts';
import { passwordProblem, type PasswordPolicy } from './password-policy.ts';
import { StateWriter, type PoolState, type StoredUser } from './pool-state.ts';
import { SigningKeys, newSigningKey } from './signing-keys.ts';
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
  readonly now?: () => number;
}

type Attr = { Name: string; Value: string };
const attributes = z.array(z.object({ Name: z.string().min(1), Value: z.string() })).default([]);
const username = z.string().min(1).max(128).regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'must not contain spaces');

const schemas = {
  SignUp: z.object({ ClientId: z.string(), Username: username, Password: z.string().min(1), UserAttributes: attributes }),
  ConfirmSignUp: z.object({ ClientId: z.string(), Username: username, ConfirmationCode: z.string().min(1) }),
  InitiateAuth: z.object({ ClientId: z.string(), AuthFlow: z.string(), AuthParameters: z.record(z.string(), z.string()).default({}) }),
  GetUser: z.object({ AccessToken: z.string().min(1) }),
  GlobalSignOut: z.object({ AccessToken: z.string().min(1) }),
  AdminCreateUser: z.object({ UserPoolId: z.string(), Username: username, UserAttributes: attributes, TemporaryPassword: z.string().optional(), MessageAction: z.string().optional() }),
  AdminSetUserPassword: z.object({ UserPoolId: z.string(), Username: username, Password: z.string(), Permanent: z.boolean().default(false) }),
  AdminAddUserToGroup: z.object({ UserPoolId: z.string(), Username: username, GroupName: z.string() }),
  AdminGetUser: z.object({ UserPoolId: z.string(), Username: username }),
  AdminConfirmSignUp: z.object({ UserPoolId: z.string(), Username: username }),
} as const;

export type OperationName = keyof typeof schemas;
export const OPERATIONS = Object.keys(schemas) as OperationName[];

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${(await scrypt(password, salt, 32)).toString('base64')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [, salt, hash] = stored.split('$');
  const expected = Buffer.from(hash!, 'base64');
  const actual = await scrypt(password, Buffer.from(salt!, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

function mask(email: string | undefined): string {
  if (!email) return '';
  const [local = '', domain = ''] = email.split('@');
  return `${local[0] ?? ''}***@${domain[0] ?? ''}***`;
}

export class UserPool {
  readonly #config: UserPoolConfig;
  readonly #state: PoolState;
  readonly #keys: SigningKeys;
  readonly #writer: StateWriter;

  private constructor(config: UserPoolConfig, state: PoolState, writer: StateWriter) {
    this.#config = config;
    this.#state = state;
    this.#keys = new SigningKeys(state.keys);
    this.#writer = writer;
  }

  static async open(config: UserPoolConfig, stateFile: string, initial: PoolState | undefined): Promise<UserPool> {
    const state = initial ?? { users: {}, sessions: {}, keys: [await newSigningKey()] };
    const pool = new UserPool(config, state, new StateWriter(stateFile));
    await pool.#save();
    return pool;
  }

  get config(): UserPoolConfig {
    return this.#config;
  }

  jwks(): { keys: object[] } {
    return this.#keys.jwks();
  }

  async rotateKeys(): Promise<string> {
    this.#keys.rotate(await newSigningKey());
    this.#state.keys = [...this.#keys.all];
    await this.#save();
    return this.#keys.active.kid;
  }

  /** The last confirmation code sent to a user (for local tooling; Cognito emails it). */
  confirmationCode(name: string): string | undefined {
    return this.#state.users[name.toLowerCase()]?.confirmation?.code;
  }

  async handle(operation: string, body: unknown): Promise<unknown> {
    if (!(operation in schemas)) throw new CognitoError('UnknownOperationException', `Operation ${operation} is not supported by the local user pool`);
    const op = operation as OperationName;
    const parsed = schemas[op].safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new CognitoError('InvalidParameterException', `1 validation error detected: Value at '${first.path.join('.')}' failed to satisfy constraint: ${first.message}`);
    }
    const input = parsed.data as never;
    switch (op) {
      case 'SignUp':
        return this.#signUp(input);
      case 'ConfirmSignUp':
        return this.#confirmSignUp(input);
      case 'InitiateAuth':
        return this.#initiateAuth(input);
      case 'GetUser':
        return this.#getUser(input);
      case 'GlobalSignOut':
        return this.#globalSignOut(input);
      case 'AdminCreateUser':
        return this.#adminCreateUser(input);
      case 'AdminSetUserPassword':
        return this.#adminSetUserPassword(input);
      case 'AdminAddUserToGroup':
        return this.#adminAddUserToGroup(input);
      case 'AdminGetUser':
        return this.#adminGetUser(input);
      case 'AdminConfirmSignUp':
        return this.#adminConfirmSignUp(input);
      default: {
        const never: never = op;
        throw new Error(`Unexpected operation ${String(never)}`);
      }
    }
  }

  #now(): number {
    return this.#config.now?.() ?? Date.now();
  }

  #save(): Promise<void> {
    return this.#writer.save(this.#state);
  }

  #client(clientId: string): void {
    if (clientId !== this.#config.clientId) throw new CognitoError('ResourceNotFoundException', 'User pool client does not exist.');
  }

  #pool(poolId: string): void {
    if (poolId !== this.#config.poolId) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  }

  #user(name: string): StoredUser {
    const u = this.#state.users[name.toLowerCase()];
    if (!u) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return u;
  }

  #attributes(u: StoredUser): Attr[] {
    return [{ Name: 'sub', Value: u.sub }, ...Object.entries(u.attributes).map(([Name, Value]) => ({ Name, Value }))];
  }

  #checkPassword(password: string): void {
    const problem = passwordProblem(password, this.#config.passwordPolicy);
    if (problem) throw new CognitoError('InvalidPasswordException', problem);
  }

  async #createUser(name: string, attrs: Attr[], status: StoredUser['status'], password: string): Promise<StoredUser> {
    const key = name.toLowerCase();
    if (this.#state.users[key]) throw new CognitoError('UsernameExistsException', 'User already exists');
    const email = attrs.find((a) => a.Name === 'email')?.Value;
    if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
    const user: StoredUser = {
      username: name,
      sub: randomUUID(),
      passwordHash: await hashPassword(password),
      status,
      attributes: Object.fromEntries(attrs.filter((a) => a.Name !== 'sub').map((a) => [a.Name, a.Value])),
      groups: [],
      createdAt: new Date(this.#now()).toISOString(),
      confirmation: undefined,
      lockout: NO_LOCKOUT,
    };
    this.#state.users[key] = user;
    return user;
  }

  async #signUp(input: z.output<typeof schemas.SignUp>) {
    this.#client(input.ClientId);
    this.#checkPassword(input.Password);
    const user = await this.#createUser(input.Username, input.UserAttributes, 'UNCONFIRMED', input.Password);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    user.confirmation = { code, expiresAt: this.#now() + this.#config.codeLifetimeMs };
    await this.#save();
    this.#config.deliverCode(user.username, code);
    return {
      UserConfirmed: false,
      UserSub: user.sub,
      CodeDeliveryDetails: { Destination: mask(user.attributes.email), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    };
  }

  async #confirmSignUp(input: z.output<typeof schemas.ConfirmSignUp>) {
    this.#client(input.ClientId);
    const user = this.#state.users[input.Username.toLowerCase()];
    if (!user) throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    if (user.status === 'CONFIRMED') throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    const c = user.confirmation;
    if (!c || c.code.length !== input.ConfirmationCode.length || !timingSafeEqual(Buffer.from(c.code), Buffer.from(input.ConfirmationCode))) {
      throw new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (this.#now() > c.expiresAt) throw new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    user.status = 'CONFIRMED';
    user.confirmation = undefined;
    if (user.attributes.email) user.attributes.email_verified = 'true';
    const group = this.#config.selfSignUpGroup;
    if (group && user.groups.length === 0) user.groups = [group];
    await this.#save();
    return {};
  }

  async #initiateAuth(input: z.output<typeof schemas.InitiateAuth>) {
    this.#client(input.ClientId);
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        return this.#passwordAuth(input.AuthParameters.USERNAME, input.AuthParameters.PASSWORD);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        return this.#refreshAuth(input.AuthParameters.REFRESH_TOKEN);
      default:
        throw new CognitoError('InvalidParameterException', `AuthFlow ${input.AuthFlow} is not supported; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH`);
    }
  }

  async #passwordAuth(name: string | undefined, password: string | undefined) {
    if (!name || !password) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME or PASSWORD');
    const user = this.#state.users[name.toLowerCase()];
    const now = this.#now();
    // An unknown user gets the same answer as a wrong password, so names cannot be probed.
    if (!user) throw new CognitoError('NotAuthorizedException', INCORRECT_CREDENTIALS);
    if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
    if (!(await passwordMatches(password, user.passwordHash))) {
      user.lockout = afterFailure(user.lockout, now);
      await this.#save();
      throw new CognitoError('NotAuthorizedException', isLocked(user.lockout, now) ? 'Password attempts exceeded' : INCORRECT_CREDENTIALS);
    }
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') throw new CognitoError('NotAuthorizedException', 'Temporary password has to be changed by an administrator.');
    user.lockout = afterSuccess();
    const refreshToken = randomBytes(48).toString('base64url');
    const originJti = randomUUID();
    const authTime = Math.floor(now / 1000);
    this.#state.sessions[originJti] = { originJti, sub: user.sub, refreshTokenHash: sha256(refreshToken), authTime, createdAt: new Date(now).toISOString(), revoked: false };
    await this.#save();
    const tokens = await this.#tokensFor(user, originJti, authTime);
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, RefreshToken: refreshToken } };
  }

  async #refreshAuth(refreshToken: string | undefined) {
    if (!refreshToken) throw new CognitoError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
    const hash = sha256(refreshToken);
    const session = Object.values(this.#state.sessions).find((s) => s.refreshTokenHash === hash);
    if (!session) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    if (session.revoked) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
    const user = Object.values(this.#state.users).find((u) => u.sub === session.sub);
    if (!user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    return { ChallengeParameters: {}, AuthenticationResult: await this.#tokensFor(user, session.originJti, session.authTime) };
  }

  async #tokensFor(user: StoredUser, originJti: string, authTime: number) {
    const { accessToken, idToken } = await issueTokens(
      this.#keys,
      { sub: user.sub, username: user.username, groups: user.groups, email: user.attributes.email, emailVerified: user.attributes.email_verified === 'true' },
      { issuer: this.#config.issuer, clientId: this.#config.clientId, originJti, authTime, lifetimeSeconds: this.#config.tokenLifetimeSeconds, now: this.#now() },
    );
    return { AccessToken: accessToken, IdToken: idToken, ExpiresIn: this.#config.tokenLifetimeSeconds, TokenType: 'Bearer' };
  }

  async #liveSession(accessToken: string) {
    const claims = await verifyAccessToken(this.#keys, accessToken, this.#config.issuer);
    const session = this.#state.sessions[claims.originJti];
    if (!session || session.revoked) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    const user = Object.values(this.#state.users).find((u) => u.sub === claims.sub);
    if (!user) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    return { user, session };
  }

  async #getUser(input: z.output<typeof schemas.GetUser>) {
    const { user } = await this.#liveSession(input.AccessToken);
    return { Username: user.username, UserAttributes: this.#attributes(user) };
  }

  async #globalSignOut(input: z.output<typeof schemas.GlobalSignOut>) {
    const { user } = await this.#liveSession(input.AccessToken);
    for (const s of Object.values(this.#state.sessions)) if (s.sub === user.sub) s.revoked = true;
    await this.#save();
    return {};
  }

  async #adminCreateUser(input: z.output<typeof schemas.AdminCreateUser>) {
    this.#pool(input.UserPoolId);
    const temporary = input.TemporaryPassword ?? `Tmp-${randomBytes(9).toString('base64url')}1a!`;
    this.#checkPassword(temporary);
    const user = await this.#createUser(input.Username, input.UserAttributes, 'FORCE_CHANGE_PASSWORD', temporary);
    await this.#save();
    return { User: { Username: user.username, Attributes: this.#attributes(user), UserStatus: user.status, Enabled: true, UserCreateDate: Date.parse(user.createdAt) / 1000 } };
  }

  async #adminSetUserPassword(input: z.output<typeof schemas.AdminSetUserPassword>) {
    this.#pool(input.UserPoolId);
    const user = this.#user(input.Username);
    this.#checkPassword(input.Password);
    user.passwordHash = await hashPassword(input.Password);
    user.status = input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    user.lockout = NO_LOCKOUT;
    await this.#save();
    return {};
  }

  async #adminAddUserToGroup(input: z.output<typeof schemas.AdminAddUserToGroup>) {
    this.#pool(input.UserPoolId);
    if (!this.#config.groups.includes(input.GroupName)) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    const user = this.#user(input.Username);
    if (!user.groups.includes(input.GroupName)) user.groups = [...user.groups, input.GroupName];
    await this.#save();
    return {};
  }

  async #adminGetUser(input: z.output<typeof schemas.AdminGetUser>) {
    this.#pool(input.UserPoolId);
    const user = this.#user(input.Username);
    return { Username: user.username, UserAttributes: this.#attributes(user), UserStatus: user.status, Enabled: true, UserCreateDate: Date.parse(user.createdAt) / 1000 };
  }

  async #adminConfirmSignUp(input: z.output<typeof schemas.AdminConfirmSignUp>) {
    this.#pool(input.UserPoolId);
    const user = this.#user(input.Username);
    user.status = 'CONFIRMED';
    user.confirmation = undefined;
    await this.#save();
    return {};
  }
}
