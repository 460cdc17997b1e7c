/** Persistence of rates and estimates in the benefits database. */
import type { Tx } from '@dwp/data-kit';
import type pg from 'pg';
import type { Rate, RateCode, RateTable, RateUnit, TaxYear } from '../rates/rate-codes.ts';

type Db = pg.Pool | Tx;

export async function ratesFor(db: Db, year: TaxYear): Promise<RateTable> {
  const { rows } = await db.query<{ code: RateCode; amount: number; unit: RateUnit; source: string }>(
    'select code, amount, unit, source from rates where tax_year = $1 order by code',
    [year],
  );
  return new Map(
    rows.map((r): [RateCode, Rate] => [r.code, { code: r.code, amount: r.amount, unit: r.unit, source: r.source }]),
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

const estimateOf = (r: Record<string, unknown>): EstimateRecord => ({
  id: r.id as string,
  citizenSub: r.citizen_sub as string,
  benefit: r.benefit as string,
  taxYear: r.tax_year as TaxYear,
  input: r.input as Record<string, unknown>,
  result: r.result as Record<string, unknown>,
  createdAt: (r.created_at as Date).toISOString(),
});

export async function findEstimate(db: Db, id: string): Promise<EstimateRecord | undefined> {
  const { rows } = await db.query('select * from estimates where id = $1', [id]);
  return rows[0] ? estimateOf(rows[0]) : undefined;
}

export async function listEstimates(
  db: Db,
  citizenSub: string,
  after: string | undefined,
  limit: number,
): Promise<EstimateRecord[]> {
  const { rows } = await db.query(
    `select * from estimates where citizen_sub = $1 ${after ? 'and id > $3' : ''} order by id limit $2`,
    after ? [citizenSub, limit, after] : [citizenSub, limit],
  );
  return rows.map(estimateOf);
}
