/** Reads a rate from a year's table, or says plainly that it has not been published. Pure. */
import type { RateCode, RateTable } from '../rates/rate-codes.ts';

export class RateNotPublished extends Error {
  readonly rate: RateCode;
  constructor(rate: RateCode) {
    super(`the rate ${rate} has not been published for this tax year`);
    this.rate = rate;
  }
}

export function rate(table: RateTable, code: RateCode): number {
  const r = table.get(code);
  if (!r) throw new RateNotPublished(code);
  return r.amount;
}
