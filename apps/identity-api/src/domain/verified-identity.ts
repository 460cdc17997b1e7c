/** A user's identity as verification established it. Pure types and rules, no I/O. */

/** GOV.UK identity confidence levels (GPG 45 profiles): none, low, medium. */
export const CONFIDENCE_LEVELS = ['P0', 'P1', 'P2'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export interface VerifiedAddress {
  readonly uprn: string | undefined;
  readonly lines: readonly string[];
  readonly postcode: string;
}

export interface VerifiedClaims {
  readonly givenNames: readonly string[];
  readonly familyName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
  readonly address: VerifiedAddress | undefined;
}

export interface IdentityRecord {
  readonly sub: string;
  readonly confidence: Confidence;
  readonly method: 'one-login' | 'saml' | undefined;
  /** UTC ISO-8601 */
  readonly verifiedAt: string | undefined;
  readonly claims: VerifiedClaims | undefined;
}

export const UNVERIFIED = (sub: string): IdentityRecord => ({
  sub,
  confidence: 'P0',
  method: undefined,
  verifiedAt: undefined,
  claims: undefined,
});

export function atLeast(level: Confidence, wanted: Confidence): boolean {
  return CONFIDENCE_LEVELS.indexOf(level) >= CONFIDENCE_LEVELS.indexOf(wanted);
}

/** A newer verification never lowers the level a user already reached. */
export function merge(current: IdentityRecord, verified: IdentityRecord): IdentityRecord {
  return atLeast(current.confidence, verified.confidence) && current.confidence !== verified.confidence
    ? current
    : verified;
}
