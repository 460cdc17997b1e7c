/**
 * What GOV.UK One Login's identity claims say, as a verified identity: the `coreIdentityJWT`'s
 * credential (names, birth date) and the address claim (with UPRN). Pure; fails closed on a shape
 * it does not know.
 */
import { z } from 'zod';
import type { VerifiedAddress, VerifiedClaims } from './verified-identity.ts';

export class IdentityClaimError extends Error {
  static readonly code = 'IDENTITY_ERR_CLAIMS_INVALID';
  readonly code = IdentityClaimError.code;
}

const namePart = z.object({ type: z.unknown(), value: z.unknown() });
type NamePart = z.output<typeof namePart>;

/** What is read of the credential: the first name's parts and the first birth date; the rest is left alone. */
const credential = z.object({
  credentialSubject: z.object({
    name: z.tuple([z.object({ nameParts: z.array(namePart) })], z.unknown()),
    birthDate: z.tuple([z.object({ value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })], z.unknown()),
  }),
});

/** Names and birth date from the credential in a verified coreIdentityJWT payload. */
export function claimsFromCredential(vc: unknown): Omit<VerifiedClaims, 'address'> {
  const read = credential.safeParse(vc);
  if (!read.success) throw new IdentityClaimError('the identity credential has no name or birth date');
  const parts = read.data.credentialSubject.name[0].nameParts;
  const birthDate = read.data.credentialSubject.birthDate[0].value;
  const valueOf = (p: NamePart) => (typeof p.value === 'string' ? p.value : undefined);
  const givenNames = parts
    .filter((p) => p.type === 'GivenName')
    .map(valueOf)
    .filter((v): v is string => !!v);
  const familyName = parts
    .filter((p) => p.type === 'FamilyName')
    .map(valueOf)
    .filter((v): v is string => !!v)
    .join(' ');
  if (givenNames.length === 0 || !familyName)
    throw new IdentityClaimError('the identity credential names no given or family name');
  return { givenNames, familyName, birthDate };
}

interface PostalAddress {
  uprn?: unknown;
  subBuildingName?: unknown;
  buildingName?: unknown;
  buildingNumber?: unknown;
  streetName?: unknown;
  addressLocality?: unknown;
  postalCode?: unknown;
  validUntil?: unknown;
}

/** Every field of a postal address is read with a check, so any object will do. */
const isPostalAddress = (a: unknown): a is PostalAddress => typeof a === 'object' && a !== null;

/** The current address from One Login's address claim: the first without a `validUntil`. */
export function addressFromClaim(claim: unknown): VerifiedAddress | undefined {
  if (!Array.isArray(claim)) return undefined;
  const addresses: readonly unknown[] = claim;
  const current = addresses.find((a) => isPostalAddress(a) && a.validUntil === undefined) ?? addresses[0];
  if (!isPostalAddress(current) || typeof current.postalCode !== 'string') return undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const street = [str(current.buildingNumber), str(current.streetName)].filter(Boolean).join(' ');
  const lines = [
    str(current.subBuildingName),
    str(current.buildingName),
    street || undefined,
    str(current.addressLocality),
  ].filter((l): l is string => !!l);
  const uprn = typeof current.uprn === 'number' || typeof current.uprn === 'string' ? String(current.uprn) : undefined;
  return { uprn, lines, postcode: current.postalCode };
}
