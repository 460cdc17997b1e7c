/**
 * Which second factor Cognito asks for after a correct password, and how it reports a user's MFA
 * settings, for a pool whose only MFA is the software token (TOTP). Pure.
 */
import type { SoftwareTokenState } from './pool-state.ts';

/** The pool's `MfaConfiguration` values. */
export const MFA_CONFIGURATIONS = ['OFF', 'OPTIONAL', 'ON'] as const;
export type MfaConfiguration = (typeof MFA_CONFIGURATIONS)[number];

export type SignInChallenge = 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';

/** What `MFAS_CAN_SETUP` lists: this pool offers only the software token. */
export const MFAS_CAN_SETUP = JSON.stringify(['SOFTWARE_TOKEN_MFA']);

/**
 * The challenge a correct password leads to, or undefined when tokens follow at once.
 * OFF never asks. OPTIONAL asks a user who verified a token and enabled it. ON asks any user with
 * a verified token, and sends a user without one to MFA_SETUP.
 */
export function signInChallenge(
  mode: MfaConfiguration,
  token: SoftwareTokenState | undefined,
): SignInChallenge | undefined {
  switch (mode) {
    case 'OFF':
      return undefined;
    case 'OPTIONAL':
      return token?.secret && token.enabled ? 'SOFTWARE_TOKEN_MFA' : undefined;
    case 'ON':
      return token?.secret ? 'SOFTWARE_TOKEN_MFA' : 'MFA_SETUP';
    default:
      throw new Error(`Unexpected MFA configuration ${String(mode)}`);
  }
}

/**
 * `ChallengeParameters` as Cognito returns them: `USER_ID_FOR_SRP` is the user's real username
 * (never an alias), `MFAS_CAN_SETUP` the factors MFA_SETUP may enrol, `FRIENDLY_DEVICE_NAME` the
 * name given when the authenticator was verified.
 */
export function challengeParameters(
  challenge: SignInChallenge,
  username: string,
  token: SoftwareTokenState | undefined,
): Record<string, string> {
  switch (challenge) {
    case 'SOFTWARE_TOKEN_MFA':
      return {
        USER_ID_FOR_SRP: username,
        ...(token?.friendlyDeviceName ? { FRIENDLY_DEVICE_NAME: token.friendlyDeviceName } : {}),
      };
    case 'MFA_SETUP':
      return { MFAS_CAN_SETUP, USER_ID_FOR_SRP: username };
    default:
      throw new Error(`Unexpected challenge ${String(challenge)}`);
  }
}

/** `UserMFASettingList` and `PreferredMfaSetting` for GetUser and AdminGetUser; Cognito omits both when none. */
export function mfaSettings(token: SoftwareTokenState | undefined): {
  UserMFASettingList?: string[];
  PreferredMfaSetting?: string;
} {
  if (!token?.secret || !token.enabled) return {};
  return {
    UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    ...(token.preferred ? { PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
  };
}
