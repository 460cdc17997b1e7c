/**
 * Time-based one-time passwords as Cognito's software token uses them: RFC 6238 with HMAC-SHA-1,
 * six digits and a 30-second step, computed by the `otpauth` package. The pool, its tests, the
 * local runtime's seeding and scripts all compute codes here, so they agree by construction.
 */
import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
/** Seconds per time step. */
export const TOTP_PERIOD_S = 30;
/** Steps accepted either side of the current one, for clock drift: one, no more. */
export const TOTP_DRIFT_STEPS = 1;
/** Bytes in a new secret: 160 bits, RFC 4226's recommended length (32 base32 characters). */
export const TOTP_SECRET_BYTES = 20;

function secretFrom(base32: string): Secret {
  if (typeof base32 !== 'string' || !/^[A-Z2-7]+=*$/i.test(base32))
    throw new TypeError('a TOTP secret must be a base32 string');
  return Secret.fromBase32(base32.toUpperCase());
}

/** A new random shared secret, base32 (what AssociateSoftwareToken returns as `SecretCode`). */
export function newTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

/** The time step (RFC 6238's T) that `at` (epoch ms) falls in. */
export function totpStep(at: number): number {
  return TOTP.counter({ period: TOTP_PERIOD_S, timestamp: at });
}

/** The code for one time step; `digits` other than 6 only for the RFC's own test vectors. */
export function codeForStep(secretBase32: string, step: number, digits = TOTP_DIGITS): string {
  return HOTP.generate({ secret: secretFrom(secretBase32), algorithm: TOTP_ALGORITHM, digits, counter: step });
}

/** The six-digit code an authenticator app shows for `secretBase32` at `at` (epoch ms, default now). */
export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return codeForStep(secretBase32, totpStep(at));
}

/**
 * The `otpauth://totp/...` key URI an authenticator app reads (usually from a QR code), with the
 * issuer in both the label and the `issuer` parameter, as the Key URI Format recommends.
 */
export function otpauthUri(secretBase32: string, username: string, issuer: string): string {
  return new TOTP({
    issuer,
    label: username,
    secret: secretFrom(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_S,
  }).toString();
}

export type TotpMatch =
  | { readonly kind: 'accepted'; readonly step: number }
  /** The code is right for a step already used: refused, so no code works twice. */
  | { readonly kind: 'replayed' }
  | { readonly kind: 'mismatch' };

/**
 * Checks a submitted code against the current step and one either side. A step at or before
 * `lastUsedStep` never counts again (RFC 6238 section 5.2), so a code cannot be replayed within
 * its window, nor an older one after a newer was used. Pure.
 */
export function matchTotp(secretBase32: string, code: string, at: number, lastUsedStep: number): TotpMatch {
  if (!/^[0-9]{6}$/.test(code)) return { kind: 'mismatch' };
  const current = totpStep(at);
  let replayed = false;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (!timingSafeEqual(Buffer.from(codeForStep(secretBase32, step)), Buffer.from(code))) continue;
    if (step > lastUsedStep) return { kind: 'accepted', step };
    replayed = true;
  }
  return replayed ? { kind: 'replayed' } : { kind: 'mismatch' };
}
