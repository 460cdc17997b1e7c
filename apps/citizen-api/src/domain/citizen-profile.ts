/** A citizen's profile: its shape, and the rules a change must keep. Pure. */
import { z } from 'zod';
import { NINO_MESSAGES, ninoProblem, normaliseNino } from './nino.ts';

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
  .refine((d) => ageOn(d, new Date().toISOString().slice(0, 10)) >= MIN_AGE_YEARS, `You must be at least ${MIN_AGE_YEARS}`)
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

export const consentSchema = z.object({ granted: z.boolean(), at: z.string().datetime() });

export const DEFAULT_PREFERENCES: z.output<typeof preferencesSchema> = { channels: { email: true, sms: false }, language: 'en' };

export interface Address {
  readonly uprn: string;
  readonly lines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
  readonly validatedAt: string;
}

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
export function preferenceProblems(contact: Citizen['contact'], prefs: Citizen['preferences']): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (prefs.channels.email && !contact.email) out.push({ path: 'body.contact.email', message: 'Enter an email address to get emails' });
  if (prefs.channels.sms && !contact.mobile) out.push({ path: 'body.contact.mobile', message: 'Enter a mobile number to get text messages' });
  return out;
}
