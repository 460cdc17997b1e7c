/**
 * The authenticator app (Cognito's software token MFA): AssociateSoftwareToken and
 * VerifySoftwareToken (with an access token, or inside an MFA_SETUP sign-in's session), and the
 * MFA preference a user or an administrator sets.
 */
import { z } from 'zod';
import { CognitoError, INVALID_SESSION, TOTP_VERIFY_MISMATCH } from '../errors.ts';
import { operation } from '../operation.ts';
import type { PoolContext } from '../pool-context.ts';
import type { SoftwareTokenState, StoredUser } from '../pool-state.ts';
import { matchTotp, newTotpSecret } from '../totp.ts';
import { mfaPreference, session, username } from './shapes.ts';

const newSoftwareToken = (): SoftwareTokenState => ({
  secret: undefined,
  pendingSecret: undefined,
  enabled: false,
  preferred: false,
  lastUsedStep: -1,
  friendlyDeviceName: undefined,
});

/** Both credentials, or neither, is a malformed request: AssociateSoftwareToken and VerifySoftwareToken take one. */
function exactlyOneCredential(input: { AccessToken?: string | undefined; Session?: string | undefined }): void {
  if ((input.AccessToken === undefined) === (input.Session === undefined)) {
    throw new CognitoError('InvalidParameterException', 'Provide either an AccessToken or a Session, but not both.');
  }
}

function requireSoftwareTokenMfa(pool: PoolContext): void {
  if (pool.mfa === 'OFF')
    throw new CognitoError(
      'SoftwareTokenMFANotFoundException',
      'Software token MFA is not enabled for this user pool (MFA is OFF).',
    );
}

/** The MFA_SETUP sign-in a session carries, at the setup stage an operation expects. */
function setupSession(
  pool: PoolContext,
  sessionId: string,
  now: number,
  stages: ReadonlyArray<'unassociated' | 'associated'>,
): StoredUser {
  const state = pool.sessions.open(sessionId, now);
  if (state.challenge !== 'MFA_SETUP' || state.setup === 'verified' || !stages.includes(state.setup)) {
    throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
  }
  return pool.userBySub(state.sub);
}

const preferences = {
  SoftwareTokenMfaSettings: mfaPreference,
  SMSMfaSettings: mfaPreference,
  EmailMfaSettings: mfaPreference,
};
type MfaPreferenceInput = z.output<z.ZodObject<typeof preferences>>;

/**
 * SoftwareTokenMfaSettings as Cognito applies them: enabling needs a verified token; a preference
 * counts only while enabled; SMS and email MFA cannot be turned on, as this pool has no delivery
 * configured for them.
 */
function applyMfaPreference(user: StoredUser, input: MfaPreferenceInput, notSetUp: string): void {
  for (const [factor, settings] of [
    ['SMS_MFA', input.SMSMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ] as const) {
    if (settings?.Enabled || settings?.PreferredMfa)
      throw new CognitoError(
        'InvalidParameterException',
        `User does not have delivery config set to turn on ${factor}`,
      );
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

export const softwareTokenOperations = {
  AssociateSoftwareToken: operation(
    z.object({ AccessToken: z.string().min(1).optional(), Session: session.optional() }),
    async (pool, input) => {
      requireSoftwareTokenMfa(pool);
      exactlyOneCredential(input);
      const secret = newTotpSecret();
      if (input.AccessToken !== undefined) {
        const { user } = await pool.liveSession(input.AccessToken);
        (user.softwareToken ??= newSoftwareToken()).pendingSecret = secret;
        await pool.save();
        return { SecretCode: secret };
      }
      const now = pool.now();
      const user = setupSession(pool, input.Session!, now, ['unassociated', 'associated']);
      pool.sessions.spend(input.Session!);
      const next = pool.sessions.issue({ challenge: 'MFA_SETUP', sub: user.sub, setup: 'associated' }, now);
      (user.softwareToken ??= newSoftwareToken()).pendingSecret = secret;
      await pool.save();
      return { SecretCode: secret, Session: next };
    },
  ),

  VerifySoftwareToken: operation(
    z.object({
      AccessToken: z.string().min(1).optional(),
      Session: session.optional(),
      UserCode: z
        .string()
        .length(6)
        .regex(/^[0-9]+$/, 'must be digits'),
      FriendlyDeviceName: z.string().max(131072).optional(),
    }),
    async (pool, input) => {
      requireSoftwareTokenMfa(pool);
      exactlyOneCredential(input);
      const viaSession = input.Session !== undefined;
      const user = viaSession
        ? setupSession(pool, input.Session!, pool.now(), ['associated'])
        : (await pool.liveSession(input.AccessToken!)).user;
      const now = pool.now();
      const token = user.softwareToken;
      if (!token?.pendingSecret) {
        throw new CognitoError(
          'SoftwareTokenMFANotFoundException',
          'No software token is associated with the user: call AssociateSoftwareToken first.',
        );
      }
      // A fresh secret has no used steps; the accepted one is recorded, so it cannot sign in again.
      const match = matchTotp(token.pendingSecret, input.UserCode, now, -1);
      if (match.kind !== 'accepted') throw new CognitoError('EnableSoftwareTokenMFAException', TOTP_VERIFY_MISMATCH);
      if (viaSession) pool.sessions.spend(input.Session!);
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
      const next = viaSession
        ? pool.sessions.issue({ challenge: 'MFA_SETUP', sub: user.sub, setup: 'verified' }, now)
        : undefined;
      await pool.save();
      return { Status: 'SUCCESS', ...(next ? { Session: next } : {}) };
    },
  ),

  SetUserMFAPreference: operation(z.object({ AccessToken: z.string().min(1), ...preferences }), async (pool, input) => {
    const { user } = await pool.liveSession(input.AccessToken);
    applyMfaPreference(user, input, 'User has not set up software token mfa');
    await pool.save();
    return {};
  }),

  AdminSetUserMFAPreference: operation(
    z.object({ UserPoolId: z.string(), Username: username, ...preferences }),
    async (pool, input) => {
      pool.requirePool(input.UserPoolId);
      const user = pool.user(input.Username);
      applyMfaPreference(user, input, 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA');
      await pool.save();
      return {};
    },
  ),
};
