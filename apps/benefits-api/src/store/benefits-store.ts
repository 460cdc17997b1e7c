/**
 * Persistence of rates and estimates in the benefits database. Every row read is checked against
 * the shape this version writes: a row of another shape is a clear error, never a wrong answer.
 */
import type { Tx } from '@dwp/data-kit';
import type pg from 'pg';
import { z } from 'zod';
import { StoredEstimateUnreadableError } from '../errors.ts';
import {
  RATE_CODES,
  RATE_UNITS,
  TAX_YEARS,
  type Rate,
  type RateCode,
  type RateTable,
  type TaxYear,
} from '../rates/rate-codes.ts';

type Db = pg.Pool | Tx;

const rateRow = z.object({
  code: z.enum(RATE_CODES),
  amount: z.number().int(),
  unit: z.enum(RATE_UNITS),
  source: z.string(),
});

export async function ratesFor(db: Db, year: TaxYear): Promise<RateTable> {
  const { rows } = await db.query<Record<string, unknown>>(
    'select code, amount, unit, source from rates where tax_year = $1 order by code',
    [year],
  );
  return new Map(
    rows.map((row): [RateCode, Rate] => {
      const parsed = rateRow.safeParse(row);
      if (!parsed.success)
        throw new Error(
          `A ${year} rate is stored in a form this service cannot read: ${z.prettifyError(parsed.error)}`,
        );
      return [parsed.data.code, parsed.data];
    }),
  );
}

export interface EstimateRecord {
  readonly id: string;
  readonly citizenSub: string;
  readonly benefit: string;
  readonly taxYear: TaxYear;
  readonly input: Record<string, unknown>;
  readonly result: Record<string, unknown>;
  readonly createdAt: string;
}

export async function insertEstimate(tx: Tx, e: EstimateRecord): Promise<void> {
  await tx.query(
    'insert into estimates (id, citizen_sub, benefit, tax_year, input, result, created_at) values ($1, $2, $3, $4, $5, $6, $7)',
    [e.id, e.citizenSub, e.benefit, e.taxYear, JSON.stringify(e.input), JSON.stringify(e.result), e.createdAt],
  );
}

const estimateRow = z
  .object({
    id: z.string(),
    citizen_sub: z.string(),
    benefit: z.string(),
    tax_year: z.enum(TAX_YEARS),
    input: z.record(z.string(), z.unknown()),
    result: z.record(z.string(), z.unknown()),
    created_at: z.date(),
  })
  .transform((r): EstimateRecord => ({
    id: r.id,
    citizenSub: r.citizen_sub,
    benefit: r.benefit,
    taxYear: r.tax_year,
    input: r.input,
    result: r.result,
    createdAt: r.created_at.toISOString(),
  }));

function estimateOf(row: Record<string, unknown>): EstimateRecord {
  const parsed = estimateRow.safeParse(row);
  if (!parsed.success) throw new StoredEstimateUnreadableError(typeof row.id === 'string' ? row.id : '(no id)');
  return parsed.data;
}

export async function findEstimate(db: Db, id: string): Promise<EstimateRecord | undefined> {
  const { rows } = await db.query<Record<string, unknown>>('select * from estimates where id = $1', [id]);
  return rows[0] ? estimateOf(rows[0]) : undefined;
}

export async function listEstimates(
  db: Db,
  citizenSub: string,
  after: string | undefined,
  limit: number,
): Promise<EstimateRecord[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `select * from estimates where citizen_sub = $1 ${after ? 'and id > $3' : ''} order by id limit $2`,
    after ? [citizenSub, limit, after] : [citizenSub, limit],
  );
  return rows.map(estimateOf);
}
