/**
 * Cognito's lockout after repeated failed sign-ins: from the fifth consecutive failure, each
 * further attempt is refused for a time that doubles from one second, up to about fifteen minutes.
 * A successful sign-in clears it. Pure.
 */
export interface LockoutState {
  readonly failures: number;
  /** Epoch ms before which sign-in is refused. */
  readonly lockedUntil: number;
}

export const FREE_ATTEMPTS = 5;
export const MAX_LOCKOUT_MS = 15 * 60_000;
export const NO_LOCKOUT: LockoutState = { failures: 0, lockedUntil: 0 };

export function isLocked(state: LockoutState, now: number): boolean {
  return now < state.lockedUntil;
}

export function afterFailure(state: LockoutState, now: number): LockoutState {
  const failures = state.failures + 1;
  if (failures < FREE_ATTEMPTS) return { failures, lockedUntil: 0 };
  const lockMs = Math.min(MAX_LOCKOUT_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
  return { failures, lockedUntil: now + lockMs };
}

export function afterSuccess(): LockoutState {
  return NO_LOCKOUT;
}
