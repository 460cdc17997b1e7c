/**
 * The benefits database, one versioned step at a time. The rates table is versioned by tax year;
 * each year's rates arrive in a migration of their own and are never edited in place.
 */
import { DATA_KIT_OUTBOX_TRACE_SQL, DATA_KIT_TABLES_SQL, type Migration } from '@dwp/data-kit';
import type { Rate, TaxYear } from '../rates/rate-codes.ts';
import { RATES_2025_26_TABLE } from '../rates/rates-2025-26.ts';
import { RATES_2026_27_TABLE } from '../rates/rates-2026-27.ts';

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const insertRates = (year: TaxYear, rates: readonly Rate[]) =>
  `insert into rates (tax_year, code, amount, unit, source) values ${rates.map((r) => `(${literal(year)}, ${literal(r.code)}, ${r.amount}, ${literal(r.unit)}, ${literal(r.source)})`).join(',\n')};`;

export const BENEFITS_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'outbox and idempotency keys', sql: DATA_KIT_TABLES_SQL },
  {
    version: 2,
    name: 'rates table with 2025/26 rates; estimates',
    sql: `
      create table rates (
        tax_year text not null,
        code text not null,
        amount integer not null,
        unit text not null,
        source text not null,
        primary key (tax_year, code)
      );
      ${insertRates('2025-26', RATES_2025_26_TABLE)}
      create table estimates (
        id uuid primary key,
        citizen_sub text not null,
        benefit text not null,
        tax_year text not null,
        input jsonb not null,
        result jsonb not null,
        created_at timestamptz not null
      );
      create index estimates_by_citizen on estimates (citizen_sub, id);`,
  },
  { version: 3, name: 'published 2026/27 rates', sql: insertRates('2026-27', RATES_2026_27_TABLE) },
  { version: 4, name: 'trace context on outbox events', sql: DATA_KIT_OUTBOX_TRACE_SQL },
];
