/** A citizen's profile: its shape, and the rules a change must keep. Pure. */
import { z } from 'zod';
import { ninoProblem, normaliseNino, normalisePostcode } from '@dwp/uk-formats';
import { NINO_MESSAGES } from './nino.ts';

export const MIN_AGE_YEARS = 16;
export const MAX_AGE_YEARS = 130;

/** Age in whole years on `today` (both ISO dates). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

export const nameSchema = z.object({
  given: z.string().trim().min(1).max(100),
  family: z.string().trim().min(1).max(100),
});

export const ninoSchema = z
  .string()
  .max(20)
  .superRefine((v, ctx) => {
    const problem = ninoProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: NINO_MESSAGES[problem] });
  })
  .transform(normaliseNino)
  .describe('National Insurance number, e.g. QQ 12 34 56 C');

export const dateOfBirthSchema = z.iso
  .date()
  .refine(
    (d) => ageOn(d, new Date().toISOString().slice(0, 10)) >= MIN_AGE_YEARS,
    `You must be at least ${MIN_AGE_YEARS}`,
  )
  .refine((d) => ageOn(d, new Date().toISOString().slice(0, 10)) <= MAX_AGE_YEARS, 'Enter a real date of birth');

/** UK mobile numbers: 07xxx xxxxxx, or +44 7xxx xxxxxx. */
export const mobileSchema = z
  .string()
  .transform((v) => v.replace(/[\s()-]/g, ''))
  .pipe(z.string().regex(/^(?:\+447|07)\d{9}$/, 'Enter a UK mobile number, like 07700 900 982'));

export const contactSchema = z.object({
  email: z.email().max(254).optional(),
  mobile: mobileSchema.optional(),
});

export const preferencesSchema = z.object({
  /** Channels the citizen wants notifications on. */
  channels: z.object({ email: z.boolean(), sms: z.boolean() }),
  language: z.enum(['en', 'cy']).describe('English or Welsh'),
});

export const CONSENTS = ['hmrcIncome'] as const;
export type ConsentName = (typeof CONSENTS)[number];

export const consentSchema = z.object({ granted: z.boolean(), at: z.iso.datetime() });

export const DEFAULT_PREFERENCES: z.output<typeof preferencesSchema> = {
  channels: { email: true, sms: false },
  language: 'en',
};

/** An address found by postcode: address-api confirmed its UPRN. A claim needs one of these. */
export interface FoundAddress {
  readonly uprn: string;
  readonly lines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
  readonly validatedAt: string;
}

/** An address the citizen typed in because the lookup did not list it: no UPRN, so not yet confirmed. */
export interface EnteredAddress {
  readonly uprn?: undefined;
  readonly lines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
  readonly enteredAt: string;
}

export type Address = FoundAddress | EnteredAddress;

export const isFoundAddress = (a: Address): a is FoundAddress => typeof a.uprn === 'string';

export const ADDRESS_LINE_MAX = 100;
export const POST_TOWN_MAX = 60;

/** A typed-in address: one or two lines above the town (blank lines dropped), the town, and a real UK postcode. */
export const enteredAddressSchema = z.object({
  lines: z
    .array(z.string().trim().max(ADDRESS_LINE_MAX))
    .max(2)
    .transform((ls) => ls.filter((l) => l.length > 0))
    .pipe(z.array(z.string()).min(1, 'Enter address line 1, typically the building and street'))
    .describe('Address line 1 (building and street) and an optional line 2'),
  postTown: z.string().trim().min(1, 'Enter town or city').max(POST_TOWN_MAX),
  postcode: z
    .string()
    .max(16)
    .transform((v, ctx) => {
      const p = normalisePostcode(v);
      if (!p) {
        ctx.addIssue({ code: 'custom', message: 'Enter a real postcode' });
        return z.NEVER;
      }
      return p;
    }),
});

export interface Citizen {
  readonly citizenId: string;
  readonly sub: string;
  readonly name: z.output<typeof nameSchema>;
  readonly dateOfBirth: string;
  readonly nino: string;
  readonly contact: z.output<typeof contactSchema>;
  readonly address: Address | null;
  readonly preferences: z.output<typeof preferencesSchema>;
  readonly consents: Partial<Record<ConsentName, z.output<typeof consentSchema>>>;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A contact channel the citizen prefers must have the detail to reach them on. */
export function preferenceProblems(
  contact: Citizen['contact'],
  prefs: Citizen['preferences'],
): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (prefs.channels.email && !contact.email)
    out.push({ path: 'body.contact.email', message: 'Enter an email address to get emails' });
  if (prefs.channels.sms && !contact.mobile)
    out.push({ path: 'body.contact.mobile', message: 'Enter a mobile number to get text messages' });
  return out;
}
