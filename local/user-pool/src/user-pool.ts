/**
 * The user pool's operations, named and shaped as Cognito's API (SignUp, ConfirmSignUp,
 * InitiateAuth, RespondToAuthChallenge, GetUser, GlobalSignOut, the software token MFA operations,
 * Admin*), with Cognito's errors and behaviours: password policy, confirmation codes, lockout after
 * repeated failures (wrong passwords and wrong MFA codes alike), TOTP challenges and enrolment,
 * single-use challenge sessions, sessions revoked by sign-out.
 */
import { createHash, randomBytes, randomInt, randomUUID, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';
import { AuthSessions, type ChallengeState } from './auth-sessions.ts';
import {
  ATTEMPTS_EXCEEDED,
  CognitoError,
  INCORRECT_CREDENTIALS,
  INVALID_SESSION,
  TOTP_CODE_MISMATCH,
  TOTP_CODE_REUSED,
  TOTP_VERIFY_MISMATCH,
} from './errors.ts';
import { afterFailure, afterSuccess, isLocked, NO_LOCKOUT } from './lockout.ts';
import { challengeParameters, MFA_CONFIGURATIONS, mfaSettings, signInChallenge, type MfaConfiguration } from './mfa-challenge.ts';
import { passwordProblem, type PasswordPolicy } from './password-policy.ts';
import { StateWriter, type PoolState, type SoftwareTokenState, type StoredUser } from './pool-state.ts';
import { SigningKeys, newSigningKey } from './signing-keys.ts';
import { issueTokens, verifyAccessToken } from './tokens.ts';
import { matchTotp, newTotpSecret } from './totp.ts';

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
  /** Epoch ms; tests inject a clock. @default Date.now */
  readonly now?: () => number;
}

type Attr = { Name: string; Value: string };
const attributes = z.array(z.object({ Name: z.string().min(1), Value: z.string() })).default([]);
const username = z.string().min(1).max(128).regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'must not contain spaces');
/** Cognito's `SessionType`: 20 to 2048 characters. */
const session = z.string().min(20).max(2048);
const mfaPreference = z.object({ Enabled: z.boolean().optional(), PreferredMfa: z.boolean().optional() }).optional();

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
  RespondToAuthChallenge: z.object({ ClientId: z.string(), ChallengeName: z.string().min(1), Session: z.string().optional(), ChallengeResponses: z.record(z.string(), z.string()).default({}) }),
  AssociateSoftwareToken: z.object({ AccessToken: z.string().min(1).optional(), Session: session.optional() }),
  VerifySoftwareToken: z.object({ AccessToken: z.string().min(1).optional(), Session: session.optional(), UserCode: z.string().length(6).regex(/^[0-9]+$/, 'must be digits'), FriendlyDeviceName: z.string().max(131072).optional() }),
  SetUserMFAPreference: z.object({ AccessToken: z.string().min(1), SoftwareTokenMfaSettings: mfaPreference, SMSMfaSettings: mfaPreference, EmailMfaSettings: mfaPreference }),
  AdminSetUserMFAPreference: z.object({ UserPoolId: z.string(), Username: username, SoftwareTokenMfaSettings: mfaPreference, SMSMfaSettings: mfaPreference, EmailMfaSettings: mfaPreference }),
} as const;

export type OperationName = keyof typeof schemas;
type MfaPreferenceInput = Pick<z.output<typeof schemas.SetUserMFAPreference>, 'SoftwareTokenMfaSettings' | 'SMSMfaSettings' | 'EmailMfaSettings'>;
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

/** Both credentials, or neither, is a malformed request: AssociateSoftwareToken and VerifySoftwareToken take one. */
function exactlyOneCredential(input: { AccessToken?: string | undefined; Session?: string | undefined }): void {
  if ((input.AccessToken === undefined) === (input.Session === undefined)) {
    throw new CognitoError('InvalidParameterException', 'Provide either an AccessToken or a Session, but not both.');
  }
}

const newSoftwareToken = (): SoftwareTokenState => ({ secret: undefined, pendingSecret: undefined, enabled: false, preferred: false, lastUsedStep: -1, friendlyDeviceName: undefined });

export class UserPool {
  readonly #config: UserPoolConfig;
  readonly #state: PoolState;
  readonly #keys: SigningKeys;
  readonly #writer: StateWriter;
  readonly #sessions = new AuthSessions();
  readonly #mfa: MfaConfiguration;

  private constructor(config: UserPoolConfig, state: PoolState, writer: StateWriter) {
    const mfa = config.mfa ?? 'OFF';
    if (!MFA_CONFIGURATIONS.includes(mfa)) throw new TypeError(`mfa must be one of ${MFA_CONFIGURATIONS.join(', ')}; got ${String(mfa)}`);
    this.#mfa = mfa;
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
      case 'RespondToAuthChallenge':
        return this.#respondToAuthChallenge(input);
      case 'AssociateSoftwareToken':
        return this.#associateSoftwareToken(input);
      case 'VerifySoftwareToken':
        return this.#verifySoftwareToken(input);
      case 'SetUserMFAPreference':
        return this.#setUserMfaPreference(input);
      case 'AdminSetUserMFAPreference':
        return this.#adminSetUserMfaPreference(input);
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

  #userBySub(sub: string): StoredUser {
    const u = Object.values(this.#state.users).find((candidate) => candidate.sub === sub);
    // The user was deleted mid-flow: the session no longer names anyone.
    if (!u) throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
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
    if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
    if (!(await passwordMatches(password, user.passwordHash))) {
      user.lockout = afterFailure(user.lockout, now);
      await this.#save();
      throw new CognitoError('NotAuthorizedException', isLocked(user.lockout, now) ? ATTEMPTS_EXCEEDED : INCORRECT_CREDENTIALS);
    }
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.status === 'FORCE_CHANGE_PASSWORD') throw new CognitoError('NotAuthorizedException', 'Temporary password has to be changed by an administrator.');
    const challenge = signInChallenge(this.#mfa, user.softwareToken);
    if (challenge) {
      // The lockout count is not cleared until the second factor passes, so a known password
      // cannot buy endless guesses at the code.
      const state: ChallengeState = challenge === 'MFA_SETUP' ? { challenge, sub: user.sub, setup: 'unassociated' } : { challenge, sub: user.sub };
      return { ChallengeName: challenge, Session: this.#sessions.issue(state, now), ChallengeParameters: challengeParameters(challenge, user.username, user.softwareToken) };
    }
    return this.#completeSignIn(user, now);
  }

  /** Every factor passed: a new session (`origin_jti`) with its refresh token, and tokens. */
  async #completeSignIn(user: StoredUser, now: number) {
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
    return { Username: user.username, UserAttributes: this.#attributes(user), ...mfaSettings(user.softwareToken) };
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
    return {
      Username: user.username,
      UserAttributes: this.#attributes(user),
      UserStatus: user.status,
      Enabled: true,
      UserCreateDate: Date.parse(user.createdAt) / 1000,
      ...mfaSettings(user.softwareToken),
    };
  }

  async #adminConfirmSignUp(input: z.output<typeof schemas.AdminConfirmSignUp>) {
    this.#pool(input.UserPoolId);
    const user = this.#user(input.Username);
    user.status = 'CONFIRMED';
    user.confirmation = undefined;
    await this.#save();
    return {};
  }

  async #respondToAuthChallenge(input: z.output<typeof schemas.RespondToAuthChallenge>) {
    this.#client(input.ClientId);
    if (input.ChallengeName !== 'SOFTWARE_TOKEN_MFA' && input.ChallengeName !== 'MFA_SETUP') {
      throw new CognitoError('InvalidParameterException', `ChallengeName ${input.ChallengeName} is not supported by the local user pool; it issues SOFTWARE_TOKEN_MFA and MFA_SETUP`);
    }
    if (!input.Session) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
    const name = input.ChallengeResponses.USERNAME;
    if (!name) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
    const now = this.#now();
    const state = this.#sessions.open(input.Session, now);
    const user = this.#userBySub(state.sub);
    if (user.username.toLowerCase() !== name.toLowerCase()) throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
    if (state.challenge !== input.ChallengeName) {
      throw new CognitoError('InvalidParameterException', `This session awaits an answer to ${state.challenge}, not ${input.ChallengeName}`);
    }
    switch (state.challenge) {
      case 'SOFTWARE_TOKEN_MFA':
        return this.#answerSoftwareTokenMfa(input.Session, user, input.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE, now);
      case 'MFA_SETUP':
        if (state.setup !== 'verified') {
          throw new CognitoError('InvalidParameterException', 'The software token is not verified yet: call AssociateSoftwareToken and VerifySoftwareToken with this session first');
        }
        this.#sessions.spend(input.Session);
        return this.#completeSignIn(user, now);
      default: {
        const never: never = state;
        throw new Error(`Unexpected challenge ${String(never)}`);
      }
    }
  }

  async #answerSoftwareTokenMfa(session: string, user: StoredUser, code: string | undefined, now: number) {
    if (code === undefined) throw new CognitoError('InvalidParameterException', 'Missing required parameter SOFTWARE_TOKEN_MFA_CODE');
    if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
    const token = user.softwareToken;
    if (!token?.secret) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');
    const match = matchTotp(token.secret, code, now, token.lastUsedStep);
    switch (match.kind) {
      case 'accepted':
        // Spent before any await, so the same session or code cannot win twice.
        this.#sessions.spend(session);
        token.lastUsedStep = match.step;
        return this.#completeSignIn(user, now);
      case 'replayed':
        throw new CognitoError('ExpiredCodeException', TOTP_CODE_REUSED);
      case 'mismatch':
        user.lockout = afterFailure(user.lockout, now);
        await this.#save();
        if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
        throw new CognitoError('CodeMismatchException', TOTP_CODE_MISMATCH);
      default: {
        const never: never = match;
        throw new Error(`Unexpected TOTP match ${String(never)}`);
      }
    }
  }

  #requireSoftwareTokenMfa(): void {
    if (this.#mfa === 'OFF') throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software token MFA is not enabled for this user pool (MFA is OFF).');
  }

  /** The MFA_SETUP sign-in a session carries, at the setup stage an operation expects. */
  #setupSession(session: string, now: number, stages: ReadonlyArray<'unassociated' | 'associated'>): StoredUser {
    const state = this.#sessions.open(session, now);
    if (state.challenge !== 'MFA_SETUP' || state.setup === 'verified' || !stages.includes(state.setup)) {
      throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
    }
    return this.#userBySub(state.sub);
  }

  async #associateSoftwareToken(input: z.output<typeof schemas.AssociateSoftwareToken>) {
    this.#requireSoftwareTokenMfa();
    exactlyOneCredential(input);
    const secret = newTotpSecret();
    if (input.AccessToken !== undefined) {
      const { user } = await this.#liveSession(input.AccessToken);
      (user.softwareToken ??= newSoftwareToken()).pendingSecret = secret;
      await this.#save();
      return { SecretCode: secret };
    }
    const now = this.#now();
    const user = this.#setupSession(input.Session!, now, ['unassociated', 'associated']);
    this.#sessions.spend(input.Session!);
    const next = this.#sessions.issue({ challenge: 'MFA_SETUP', sub: user.sub, setup: 'associated' }, now);
    (user.softwareToken ??= newSoftwareToken()).pendingSecret = secret;
    await this.#save();
    return { SecretCode: secret, Session: next };
  }

  async #verifySoftwareToken(input: z.output<typeof schemas.VerifySoftwareToken>) {
    this.#requireSoftwareTokenMfa();
    exactlyOneCredential(input);
    const viaSession = input.Session !== undefined;
    const user = viaSession ? this.#setupSession(input.Session!, this.#now(), ['associated']) : (await this.#liveSession(input.AccessToken!)).user;
    const now = this.#now();
    const token = user.softwareToken;
    if (!token?.pendingSecret) {
      throw new CognitoError('SoftwareTokenMFANotFoundException', 'No software token is associated with the user: call AssociateSoftwareToken first.');
    }
    // A fresh secret has no used steps; the accepted one is recorded, so it cannot sign in again.
    const match = matchTotp(token.pendingSecret, input.UserCode, now, -1);
    if (match.kind !== 'accepted') throw new CognitoError('EnableSoftwareTokenMFAException', TOTP_VERIFY_MISMATCH);
    if (viaSession) this.#sessions.spend(input.Session!);
    // Verifying a new secret replaces any earlier authenticator, as Cognito disassociates it.
    token.secret = token.pendingSecret;
    token.pendingSecret = undefined;
    token.lastUsedStep = match.step;
    token.friendlyDeviceName = input.FriendlyDeviceName;
    if (viaSession) {
      // Enrolled during a required-MFA sign-in: the token is the user's MFA from now on.
      token.enabled = true;
      token.preferred = true;
    }
    const next = viaSession ? this.#sessions.issue({ challenge: 'MFA_SETUP', sub: user.sub, setup: 'verified' }, now) : undefined;
    await this.#save();
    return { Status: 'SUCCESS', ...(next ? { Session: next } : {}) };
  }

  /**
   * SoftwareTokenMfaSettings as Cognito applies them: enabling needs a verified token; a preference
   * counts only while enabled; SMS and email MFA cannot be turned on, as this pool has no delivery
   * configured for them.
   */
  #applyMfaPreference(user: StoredUser, input: MfaPreferenceInput, notSetUp: string): void {
    for (const [factor, settings] of [['SMS_MFA', input.SMSMfaSettings], ['EMAIL_OTP', input.EmailMfaSettings]] as const) {
      if (settings?.Enabled || settings?.PreferredMfa) throw new CognitoError('InvalidParameterException', `User does not have delivery config set to turn on ${factor}`);
    }
    const wanted = input.SoftwareTokenMfaSettings;
    if (!wanted) return;
    const token = user.softwareToken;
    const enabled = wanted.Enabled ?? token?.enabled ?? false;
    if (enabled && !token?.secret) throw new CognitoError('InvalidParameterException', notSetUp);
    if (!token) return;
    token.enabled = enabled;
    token.preferred = enabled && (wanted.PreferredMfa ?? token.preferred);
  }

  async #setUserMfaPreference(input: z.output<typeof schemas.SetUserMFAPreference>) {
    const { user } = await this.#liveSession(input.AccessToken);
    this.#applyMfaPreference(user, input, 'User has not set up software token mfa');
    await this.#save();
    return {};
  }

  async #adminSetUserMfaPreference(input: z.output<typeof schemas.AdminSetUserMFAPreference>) {
    this.#pool(input.UserPoolId);
    const user = this.#user(input.Username);
    this.#applyMfaPreference(user, input, 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
    await this.#save();
    return {};
  }
}
