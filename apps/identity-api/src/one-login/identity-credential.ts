/**
 * The identity credential (the coreIdentityJWT) and the DID document that holds its keys, checked
 * as "Prove your user's identity" says (docs.sign-in.service.gov.uk):
 *  - the key: split the JWT's `kid` at `#`; the part before must be the DID document's `id`, and
 *    the whole `kid` the `id` of one of its `assertionMethod`s, whose `publicKeyJwk` verifies the
 *    signature. The document is only ever read from the identity issuer's own host, never resolved
 *    from the `kid` ("you must not use a third-party library's DID resolution");
 *  - the claims: `alg` is ES256, `iss` is the identity issuer, `aud` is our client id, `sub` is the
 *    ID token's, the current time is before `exp`; and `vot` is the confidence asked for (P2).
 */
import { errors as joseErrors, importJWK, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { VerificationFailed } from '../errors.ts';
import { CLOCK_SKEW_S } from './id-token.ts';

/** The one algorithm identity credentials are signed with. */
export const CREDENTIAL_ALG = 'ES256';

/** The DID document's members this client reads. */
export const didDocumentSchema = z.object({
  id: z.string(),
  assertionMethod: z.array(z.object({ id: z.string(), publicKeyJwk: z.looseObject({ kty: z.string() }) })).default([]),
});
export type DidDocument = z.output<typeof didDocumentSchema>;

/** The public key a credential's `kid` names in a DID document, or undefined when it names none there. */
export function assertionKey(did: DidDocument, kid: string | undefined): JWK | undefined {
  if (!kid) return undefined;
  const hash = kid.indexOf('#');
  if (hash < 1 || kid.slice(0, hash) !== did.id) return undefined;
  return did.assertionMethod.find((m) => m.id === kid)?.publicKeyJwk;
}

export interface CredentialExpectations {
  /** The identity issuer, exactly as the credential's `iss` says it. */
  readonly identityIssuer: string;
  readonly clientId: string;
  /** The ID token's subject. */
  readonly subject: string;
  /** The identity confidence asked for. */
  readonly confidence: string;
  readonly now: Date;
}

export interface VerifiedCredential {
  readonly vot: string;
  /** The verifiable credential: the user's name and date of birth. */
  readonly vc: unknown;
}

const failed = (message: string, claim?: string) =>
  new VerificationFailed(message, { token: 'identity_credential', ...(claim ? { claim } : {}) });

/**
 * @param keyFor the key a `kid` names, from the identity issuer's DID document
 * @throws {VerificationFailed} naming the claim that failed
 */
export async function verifyIdentityCredential(
  credential: string,
  keyFor: (kid: string | undefined) => Promise<JWK | undefined>,
  expected: CredentialExpectations,
): Promise<VerifiedCredential> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(
      credential,
      async (header) => {
        const jwk = await keyFor(header.kid);
        if (!jwk) throw new joseErrors.JWKSNoMatchingKey();
        return importJWK(jwk, CREDENTIAL_ALG);
      },
      {
        issuer: expected.identityIssuer,
        audience: expected.clientId,
        subject: expected.subject,
        algorithms: [CREDENTIAL_ALG],
        requiredClaims: ['exp'],
        currentDate: expected.now,
        clockTolerance: CLOCK_SKEW_S,
      },
    ));
  } catch (err) {
    if (err instanceof joseErrors.JWKSNoMatchingKey)
      throw failed("the identity credential's key is not in the identity issuer's DID document (kid)", 'kid');
    if (err instanceof joseErrors.JWTClaimValidationFailed || err instanceof joseErrors.JWTExpired)
      throw failed(`the identity credential is not valid (${err.claim} ${err.reason})`, err.claim);
    if (err instanceof joseErrors.JOSEError) throw failed(`the identity credential is not valid (${err.code})`);
    throw err;
  }
  if (payload.vot !== expected.confidence)
    throw failed(`the identity reached ${String(payload.vot)}, not ${expected.confidence} (vot)`, 'vot');
  return { vot: expected.confidence, vc: payload.vc };
}
