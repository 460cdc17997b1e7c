/** What citizen-api answers with, as zod schemas for validation and /docs. */
import { z } from 'zod';
import {
  consentSchema,
  contactSchema,
  dateOfBirthSchema,
  enteredAddressSchema,
  isFoundAddress,
  nameSchema,
  ninoSchema,
  preferencesSchema,
  type Address,
  type Citizen,
} from '../domain/citizen-profile.ts';

export const addressView = z.object({
  source: z
    .enum(['postcode-lookup', 'entered'])
    .describe(
      'Found by postcode (address-api confirmed its UPRN), or typed in by the citizen (no UPRN; a claim cannot be sent with it)',
    ),
  uprn: z.string().optional().describe('Unique Property Reference Number; only on an address found by postcode'),
  lines: z.array(z.string()).describe('PAF address lines, or the lines the citizen typed'),
  postTown: z.string(),
  postcode: z.string(),
  validatedAt: z.iso.datetime().optional().describe('When address-api confirmed the UPRN'),
  enteredAt: z.iso.datetime().optional().describe('When the citizen typed the address in'),
});

const toAddressView = (a: Address): z.output<typeof addressView> =>
  isFoundAddress(a)
    ? {
        source: 'postcode-lookup',
        uprn: a.uprn,
        lines: [...a.lines],
        postTown: a.postTown,
        postcode: a.postcode,
        validatedAt: a.validatedAt,
      }
    : { source: 'entered', lines: [...a.lines], postTown: a.postTown, postcode: a.postcode, enteredAt: a.enteredAt };

export const citizenView = z.object({
  citizenId: z.string(),
  sub: z.string().describe('The user account this record belongs to'),
  name: z.object({ given: z.string(), family: z.string() }),
  dateOfBirth: z.string(),
  nino: z.string(),
  contact: z.object({ email: z.string().optional(), mobile: z.string().optional() }),
  address: addressView.nullable(),
  preferences: preferencesSchema,
  consents: z.object({ hmrcIncome: consentSchema.optional() }).describe('What the citizen agreed to, and when'),
  version: z.number().int().positive().describe('Increases with every change; send it back as If-Match'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type CitizenView = z.output<typeof citizenView>;

export const addressInput = z.union([
  z
    .object({ uprn: z.string().regex(/^\d{1,12}$/, 'must be a UPRN of up to 12 digits') })
    .describe('An address found by postcode at address-api'),
  enteredAddressSchema.describe('An address the postcode lookup did not list, typed in'),
]);
const consentsInput = z.object({ hmrcIncome: z.boolean().optional().describe('Let DWP ask HMRC for your income') });

export const registrationBody = z.object({
  name: nameSchema,
  dateOfBirth: dateOfBirthSchema,
  nino: ninoSchema,
  contact: contactSchema.default({}),
  address: addressInput.optional(),
  preferences: preferencesSchema.optional(),
  consents: consentsInput.optional(),
});

export const changeBody = z
  .object({
    name: nameSchema.optional(),
    dateOfBirth: dateOfBirthSchema.optional(),
    nino: ninoSchema.optional(),
    contact: contactSchema.optional(),
    address: addressInput.nullable().optional(),
    preferences: preferencesSchema.optional(),
    consents: consentsInput.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field to change');

export const errorView = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export function toCitizenView(c: Citizen): z.output<typeof citizenView> {
  return {
    citizenId: c.citizenId,
    sub: c.sub,
    name: c.name,
    dateOfBirth: c.dateOfBirth,
    nino: c.nino,
    contact: c.contact,
    address: c.address ? toAddressView(c.address) : null,
    preferences: c.preferences,
    consents: c.consents,
    version: c.version,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** A weak-free ETag of a version: `"7"`. */
export const etagOf = (version: number) => `"${version}"`;

/** The version an If-Match header names (`"7"`, `W/"7"` or `7`), or undefined when it names none. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  const m = header ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  return m ? Number(m[1]) : undefined;
}
