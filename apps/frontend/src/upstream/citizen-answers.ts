/** The shapes of citizen-api's and address-api's answers the account and details pages use (checked on every call). */
import { z } from 'zod';

/** An address on a citizen's record: found by postcode (with its UPRN), or entered by hand (without). */
export const citizenAddress = z.object({
  uprn: z.string().optional(),
  lines: z.array(z.string()),
  postTown: z.string(),
  postcode: z.string(),
});

export const citizenAnswer = z.object({
  citizenId: z.string().min(1),
  name: z.object({ given: z.string(), family: z.string() }),
  dateOfBirth: z.string(),
  nino: z.string(),
  contact: z.object({ email: z.string().optional(), mobile: z.string().optional() }),
  address: citizenAddress.nullable(),
  consents: z.object({ hmrcIncome: z.object({ granted: z.boolean(), at: z.string() }).optional() }),
  version: z.number().int().positive(),
});
export type CitizenRecord = z.output<typeof citizenAnswer>;

export const postcodeAnswer = z.object({
  postcode: z.string(),
  addresses: z.array(
    z.object({
      uprn: z.string(),
      lines: z.array(z.string()),
      postTown: z.string(),
      postcode: z.string(),
      singleLine: z.string(),
    }),
  ),
});
export type PostcodeAddresses = z.output<typeof postcodeAnswer>['addresses'];
