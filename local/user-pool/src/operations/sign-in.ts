/**
 * Signing in: InitiateAuth (password or refresh token) and RespondToAuthChallenge (the software
 * token code, or the end of MFA_SETUP), with Cognito's lockout after repeated failures.
 */
import { z } from 'zod';
import type { ChallengeState } from '../auth-sessions.ts';
import {
  ATTEMPTS_EXCEEDED,
  CognitoError,
  INCORRECT_CREDENTIALS,
  INVALID_SESSION,
  TOTP_CODE_MISMATCH,
  TOTP_CODE_REUSED,
} from '../errors.ts';
import { afterFailure, isLocked } from '../lockout.ts';
import { challengeParameters, signInChallenge } from '../mfa-challenge.ts';
import { operation } from '../operation.ts';
import { passwordMatches, sha256, type PoolContext } from '../pool-context.ts';
import type { StoredUser } from '../pool-state.ts';
import { matchTotp } from '../totp.ts';

async function passwordAuth(pool: PoolContext, name: string | undefined, password: string | undefined) {
  if (!name || !password)
    throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME or PASSWORD');
  const user = pool.findUser(name);
  const now = pool.now();
  // An unknown user gets the same answer as a wrong password, so names cannot be probed.
  if (!user) throw new CognitoError('NotAuthorizedException', INCORRECT_CREDENTIALS);
  if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
  if (!(await passwordMatches(password, user.passwordHash))) {
    user.lockout = afterFailure(user.lockout, now);
    await pool.save();
    throw new CognitoError(
      'NotAuthorizedException',
      isLocked(user.lockout, now) ? ATTEMPTS_EXCEEDED : INCORRECT_CREDENTIALS,
    );
  }
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'FORCE_CHANGE_PASSWORD')
    throw new CognitoError('NotAuthorizedException', 'Temporary password has to be changed by an administrator.');
  const challenge = signInChallenge(pool.mfa, user.softwareToken);
  if (challenge) {
    // The lockout count is not cleared until the second factor passes, so a known password
    // cannot buy endless guesses at the code.
    const state: ChallengeState =
      challenge === 'MFA_SETUP' ? { challenge, sub: user.sub, setup: 'unassociated' } : { challenge, sub: user.sub };
    return {
      ChallengeName: challenge,
      Session: pool.sessions.issue(state, now),
      ChallengeParameters: challengeParameters(challenge, user.username, user.softwareToken),
    };
  }
  return pool.completeSignIn(user, now);
}

async function refreshAuth(pool: PoolContext, refreshToken: string | undefined) {
  if (!refreshToken) throw new CognitoError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
  const hash = sha256(refreshToken);
  const session = Object.values(pool.state.sessions).find((s) => s.refreshTokenHash === hash);
  if (!session) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
  if (session.revoked) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
  const user = Object.values(pool.state.users).find((u) => u.sub === session.sub);
  if (!user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
  return {
    ChallengeParameters: {},
    AuthenticationResult: await pool.tokensFor(user, session.originJti, session.authTime),
  };
}

async function answerSoftwareTokenMfa(
  pool: PoolContext,
  session: string,
  user: StoredUser,
  code: string | undefined,
  now: number,
) {
  if (code === undefined)
    throw new CognitoError('InvalidParameterException', 'Missing required parameter SOFTWARE_TOKEN_MFA_CODE');
  if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
  const token = user.softwareToken;
  if (!token?.secret)
    throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');
  const match = matchTotp(token.secret, code, now, token.lastUsedStep);
  switch (match.kind) {
    case 'accepted':
      // Spent before any await, so the same session or code cannot win twice.
      pool.sessions.spend(session);
      token.lastUsedStep = match.step;
      return pool.completeSignIn(user, now);
    case 'replayed':
      throw new CognitoError('ExpiredCodeException', TOTP_CODE_REUSED);
    case 'mismatch':
      user.lockout = afterFailure(user.lockout, now);
      await pool.save();
      if (isLocked(user.lockout, now)) throw new CognitoError('NotAuthorizedException', ATTEMPTS_EXCEEDED);
      throw new CognitoError('CodeMismatchException', TOTP_CODE_MISMATCH);
    default: {
      const never: never = match;
      throw new Error(`Unexpected TOTP match ${String(never)}`);
    }
  }
}

export const signInOperations = {
  InitiateAuth: operation(
    z.object({
      ClientId: z.string(),
      AuthFlow: z.string(),
      AuthParameters: z.record(z.string(), z.string()).default({}),
    }),
    async (pool, input) => {
      pool.requireClient(input.ClientId);
      switch (input.AuthFlow) {
        case 'USER_PASSWORD_AUTH':
          return passwordAuth(pool, input.AuthParameters.USERNAME, input.AuthParameters.PASSWORD);
        case 'REFRESH_TOKEN_AUTH':
        case 'REFRESH_TOKEN':
          return refreshAuth(pool, input.AuthParameters.REFRESH_TOKEN);
        default:
          throw new CognitoError(
            'InvalidParameterException',
            `AuthFlow ${input.AuthFlow} is not supported; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH`,
          );
      }
    },
  ),

  RespondToAuthChallenge: operation(
    z.object({
      ClientId: z.string(),
      ChallengeName: z.string().min(1),
      Session: z.string().optional(),
      ChallengeResponses: z.record(z.string(), z.string()).default({}),
    }),
    async (pool, input) => {
      pool.requireClient(input.ClientId);
      if (input.ChallengeName !== 'SOFTWARE_TOKEN_MFA' && input.ChallengeName !== 'MFA_SETUP') {
        throw new CognitoError(
          'InvalidParameterException',
          `ChallengeName ${input.ChallengeName} is not supported by the local user pool; it issues SOFTWARE_TOKEN_MFA and MFA_SETUP`,
        );
      }
      if (!input.Session) throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
      const name = input.ChallengeResponses.USERNAME;
      if (!name) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
      const now = pool.now();
      const state = pool.sessions.open(input.Session, now);
      const user = pool.userBySub(state.sub);
      if (user.username.toLowerCase() !== name.toLowerCase())
        throw new CognitoError('NotAuthorizedException', INVALID_SESSION);
      if (state.challenge !== input.ChallengeName) {
        throw new CognitoError(
          'InvalidParameterException',
          `This session awaits an answer to ${state.challenge}, not ${input.ChallengeName}`,
        );
      }
      switch (state.challenge) {
        case 'SOFTWARE_TOKEN_MFA':
          return answerSoftwareTokenMfa(
            pool,
            input.Session,
            user,
            input.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE,
            now,
          );
        case 'MFA_SETUP':
          if (state.setup !== 'verified') {
            throw new CognitoError(
              'InvalidParameterException',
              'The software token is not verified yet: call AssociateSoftwareToken and VerifySoftwareToken with this session first',
            );
          }
          pool.sessions.spend(input.Session);
          return pool.completeSignIn(user, now);
        default: {
          const never: never = state;
          throw new Error(`Unexpected challenge ${String(never)}`);
        }
      }
    },
  ),
};
