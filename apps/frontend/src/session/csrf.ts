/**
 * CSRF defence for state-changing form posts: the synchronizer-token pattern (a secret per session,
 * put in every form, compared in constant time on post) plus an Origin check. Pure.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CSRF_FIELD = '_csrf';

export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token of a form shown before anyone has a stored session (sign-in, create an account): an
 * HMAC of the browser's form id under the web tier's key (OWASP's signed double-submit pattern), so
 * showing a form writes nothing and a post is checked without a lookup. Without the key a token
 * cannot be made for any id, even one an attacker planted.
 */
export function anonymousCsrfToken(key: Uint8Array, formId: string): string {
  return createHmac('sha256', key).update(`anonymous-form:${formId}`).digest('base64url');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether a posted token is this session's. Both sides are hashed first, so the comparison is of
 * two 32-byte digests whatever was sent (a multibyte or overlong token is simply a mismatch).
 */
export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** A browser's Origin header on a form post must name this site; a missing one is allowed (older browsers). */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
