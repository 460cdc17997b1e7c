/**
 * A Royal Mail PAF address as OS Places returns it (a DPA record), and the address lines a letter
 * would carry: organisation, sub-building, building, number and street, locality. Pure.
 */
import { z } from 'zod';

export const dpaRecord = z.object({
  UPRN: z.string(),
  UDPRN: z.string().optional(),
  ADDRESS: z.string(),
  ORGANISATION_NAME: z.string().optional(),
  DEPARTMENT_NAME: z.string().optional(),
  SUB_BUILDING_NAME: z.string().optional(),
  BUILDING_NAME: z.string().optional(),
  BUILDING_NUMBER: z.string().optional(),
  DEPENDENT_THOROUGHFARE_NAME: z.string().optional(),
  THOROUGHFARE_NAME: z.string().optional(),
  DOUBLE_DEPENDENT_LOCALITY: z.string().optional(),
  DEPENDENT_LOCALITY: z.string().optional(),
  POST_TOWN: z.string(),
  POSTCODE: z.string(),
});
export type DpaRecord = z.output<typeof dpaRecord>;

export interface PafAddress {
  readonly uprn: string;
  /** Address lines above the post town, in PAF order. */
  readonly lines: readonly string[];
  readonly postTown: string;
  readonly postcode: string;
  /** The one-line address OS Places gives. */
  readonly singleLine: string;
}

/** A {@link PafAddress} read back from where it was kept (the address cache). */
export const pafAddress: z.ZodType<PafAddress> = z.object({
  uprn: z.string(),
  lines: z.array(z.string()).readonly(),
  postTown: z.string(),
  postcode: z.string(),
  singleLine: z.string(),
});

export function pafAddressOf(r: DpaRecord): PafAddress {
  const street = [r.DEPENDENT_THOROUGHFARE_NAME, r.THOROUGHFARE_NAME].filter(Boolean).join(', ');
  const numbered = [r.BUILDING_NUMBER, street].filter(Boolean).join(' ');
  const lines = [
    r.DEPARTMENT_NAME,
    r.ORGANISATION_NAME,
    r.SUB_BUILDING_NAME,
    r.BUILDING_NAME,
    numbered,
    r.DOUBLE_DEPENDENT_LOCALITY,
    r.DEPENDENT_LOCALITY,
  ].filter((l): l is string => !!l && l.trim().length > 0);
  return { uprn: r.UPRN, lines, postTown: r.POST_TOWN, postcode: r.POSTCODE, singleLine: r.ADDRESS };
}
