/**
 * The ID token's checks, every one "Validate your ID token" lists (docs.sign-in.service.gov.uk,
 * "Authenticate your user"): `iss` is exactly the discovery document's issuer, `aud` contains our
 * client id, the signature verifies with a key of the JWKS (ES256 or RS256), the current time is
 * before `exp` and after `iat`, `nonce` is ours, and `vot` is the credential trust level we asked
 * for (`Cl.Cm` for `Cl.Cm.P2`). And a subject to check the identity credential against: `sub`
 * present and not empty.
 */
import { errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { VerificationFailed } from '../errors.ts';

/** The algorithms One Login signs ID tokens with: ES256, or RS256 for a service registered for it. */
export const ID_TOKEN_ALGS = ['ES256', 'RS256'];
/** How far One Login's clock and ours may disagree, either way. */
export const CLOCK_SKEW_S = 60;

export interface IdTokenExpectations {
  /** The issuer of the discovery document. */
  readonly issuer: string;
  readonly clientId: string;
  /** The nonce of the authorize request. */
  readonly nonce: string;
  /** The credential trust level asked for: what `vot` must be. */
  readonly credentialTrust: string;
  readonly now: Date;
}

export interface VerifiedSignIn {
  /** One Login's pairwise subject for this user. */
  readonly subject: string;
  readonly vot: string;
}

const failed = (message: string, claim?: string) =>
  new VerificationFailed(message, { token: 'id_token', ...(claim ? { claim } : {}) });

/** @throws {VerificationFailed} naming the claim that failed */
export async function verifyIdToken(
  idToken: string,
  keys: JWTVerifyGetKey,
  expected: IdTokenExpectations,
): Promise<VerifiedSignIn> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: ID_TOKEN_ALGS,
      requiredClaims: ['sub', 'iat', 'exp'],
      currentDate: expected.now,
      clockTolerance: CLOCK_SKEW_S,
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTClaimValidationFailed || err instanceof joseErrors.JWTExpired)
      throw failed(`the ID token is not valid (${err.claim} ${err.reason})`, err.claim);
    if (err instanceof joseErrors.JOSEError) throw failed(`the ID token is not valid (${err.code})`);
    throw err;
  }
  const { sub, iat, nonce, vot } = payload;
  if (typeof sub !== 'string' || sub === '') throw failed('the ID token names no subject (sub)', 'sub');
  // jose checks `iat` only against a maximum age; One Login says the current time must be after it.
  if (typeof iat !== 'number' || iat > expected.now.getTime() / 1000 + CLOCK_SKEW_S)
    throw failed('the ID token was issued in the future (iat)', 'iat');
  if (nonce !== expected.nonce) throw failed('the ID token answers another request (nonce)', 'nonce');
  if (vot !== expected.credentialTrust)
    throw failed(`the sign-in reached ${String(vot)}, not ${expected.credentialTrust} (vot)`, 'vot');
  return { subject: sub, vot };
}
