/**
 * What each "Your details" question page accepts, with GOV.UK messages as message keys. The rules
 * are citizen-api's (domain/citizen-profile.ts), checked here first so the message appears on the
 * question's own page; citizen-api checks them again when the details are saved. Pure.
 */
import { z } from 'zod';
import { ninoProblem, normaliseNino } from '@dwp/uk-formats';
import { ageOn, readDateInput } from '../forms/date-input.ts';
import type { FieldMessageKeys } from '../forms/form-errors.ts';

/** citizen-api's limits (domain/citizen-profile.ts). */
export const MIN_AGE_YEARS = 16;
export const MAX_AGE_YEARS = 130;
const NAME_MAX = 100;
const EMAIL_MAX = 254;
const LINE_MAX = 100;
const TOWN_MAX = 60;

const text = (required: string) => z.string({ error: required }).trim();

export const nameForm = z.object({
  given: text('details.name.given.required')
    .min(1, 'details.name.given.required')
    .max(NAME_MAX, 'details.name.given.tooLong'),
  family: text('details.name.family.required')
    .min(1, 'details.name.family.required')
    .max(NAME_MAX, 'details.name.family.tooLong'),
});

export const ninoForm = z.object({
  nino: z
    .string({ error: 'details.nino.required' })
    .max(20, 'details.nino.format')
    .superRefine((v, ctx) => {
      const problem = ninoProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `details.nino.${problem}` });
    })
    .transform(normaliseNino),
});

/** citizen-api's mobile rule: 07xxx xxxxxx or +44 7xxx xxxxxx, spaces, brackets and dashes ignored. */
const mobile = z
  .string()
  .transform((v) => v.replace(/[\s()-]/g, ''))
  .pipe(z.string().regex(/^(?:\+447|07)\d{9}$/, 'details.contact.mobile.format'));

export const contactForm = z.object({
  email: text('details.contact.email.required')
    .min(1, 'details.contact.email.required')
    .max(EMAIL_MAX, 'details.contact.email.tooLong')
    .pipe(z.email('details.contact.email.format')),
  mobile: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(mobile.optional()),
});

export const hmrcIncomeForm = z.object({
  hmrcIncome: z.enum(['yes', 'no'], { error: 'details.hmrcIncome.required' }).transform((v) => v === 'yes'),
});

export const postcodeForm = z.object({
  postcode: text('details.address.postcode.required')
    .min(1, 'details.address.postcode.required')
    .max(16, 'details.address.postcode.real'),
});

export const selectAddressForm = z.object({
  uprn: z.string({ error: 'details.address.select.required' }).regex(/^\d{1,12}$/, 'details.address.select.required'),
});

export const manualAddressForm = z.object({
  line1: text('details.address.manual.line1.required')
    .min(1, 'details.address.manual.line1.required')
    .max(LINE_MAX, 'details.address.manual.line1.tooLong'),
  line2: z.string().trim().max(LINE_MAX, 'details.address.manual.line2.tooLong').optional().default(''),
  town: text('details.address.manual.town.required')
    .min(1, 'details.address.manual.town.required')
    .max(TOWN_MAX, 'details.address.manual.town.tooLong'),
  postcode: text('details.address.manual.postcode.required')
    .min(1, 'details.address.manual.postcode.required')
    .max(16, 'details.address.manual.postcode.real'),
});

/** `07700900982` -> `07700 900982`, as UK mobile numbers are usually written (others as kept). */
export const displayMobile = (m: string): string =>
  m.replace(/^(07\d{3})(\d{6})$/, '$1 $2').replace(/^(\+447\d{3})(\d{6})$/, '$1 $2');

/** `ls14ap` -> `LS1 4AP`: how a postcode address-api did not list is kept (its format is checked there). */
export const tidyPostcode = (p: string): string => {
  const compact = p.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
};

export type DateOfBirthResult =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly fields: FieldMessageKeys; readonly parts: readonly string[] };

/** The date of birth question: a real date in the past, and an age citizen-api accepts. */
export function readDateOfBirth(input: { day: string; month: string; year: string }, today: string): DateOfBirthResult {
  const r = readDateInput(input, today);
  if (!r.ok)
    return {
      ok: false,
      parts: r.parts,
      fields: [{ field: `dateOfBirth-${r.parts[0]!}`, key: `details.dateOfBirth.${r.problem}` }],
    };
  const age = ageOn(r.iso, today);
  if (age < MIN_AGE_YEARS)
    return {
      ok: false,
      parts: ['day', 'month', 'year'],
      fields: [{ field: 'dateOfBirth-day', key: 'details.dateOfBirth.tooYoung' }],
    };
  if (age > MAX_AGE_YEARS)
    return { ok: false, parts: ['year'], fields: [{ field: 'dateOfBirth-year', key: 'details.dateOfBirth.tooOld' }] };
  return r;
}
