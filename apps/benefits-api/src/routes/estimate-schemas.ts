/** Request and answer shapes of estimates, for validation and /docs. */
import { z } from 'zod';
import { BENEFIT_IDS } from '../domain/catalogue.ts';
import { StoredEstimateUnreadableError } from '../errors.ts';
import { TAX_YEARS } from '../rates/rate-codes.ts';

const pence = z.number().int().nonnegative();
const taxYear = z
  .enum(TAX_YEARS)
  .default('2025-26')
  .describe('Tax year of the rates; 2025-26 is the latest complete year, 2026-27 has only the rates published so far');

const child = z.object({
  bornBefore6April2017: z.boolean(),
  disability: z.enum(['lower', 'higher']).optional(),
  twoChildLimitException: z.boolean().optional(),
});

const earnings = z.discriminatedUnion('source', [
  z.object({ source: z.literal('declared'), monthlyPence: pence.describe('Take-home pay in a month') }),
  z.object({ source: z.literal('hmrc').describe('Ask HMRC (PAYE) for your pay: needs your consent in your profile') }),
]);

export const estimateBody = z.discriminatedUnion('benefit', [
  z.object({
    benefit: z.literal('universal-credit'),
    taxYear,
    household: z.object({
      claimantAge: z.number().int().min(16).max(130),
      partnerAge: z.number().int().min(16).max(130).optional(),
      children: z.array(child).max(20).default([]),
      lcwra: z.boolean().default(false),
      carer: z.boolean().default(false),
      housingCosts: z.boolean().default(false),
      childcareCostsPence: pence.default(0),
    }),
    earnings: earnings.default({ source: 'declared', monthlyPence: 0 }),
    otherIncomeMonthlyPence: pence.default(0),
    capitalPence: pence.default(0),
  }),
  z.object({
    benefit: z.literal('new-style-jsa'),
    taxYear,
    age: z.number().int().min(16).max(130),
    contributionConditionsMet: z.boolean(),
    hoursWorkedPerWeek: z.number().min(0).max(168).default(0),
    weeklyEarningsPence: pence.default(0),
  }),
  z.object({
    benefit: z.literal('new-style-esa'),
    taxYear,
    age: z.number().int().min(16).max(130),
    contributionConditionsMet: z.boolean(),
    healthConditionLimitsWork: z.boolean(),
    phase: z.enum(['assessment', 'work-related-activity', 'support']).default('assessment'),
  }),
]);
export type EstimateBody = z.output<typeof estimateBody>;

const line = z.object({ label: z.string(), pence: z.number().int() });

export const estimateView = z.object({
  id: z.string().uuid(),
  benefit: z.enum(BENEFIT_IDS),
  taxYear: z.enum(TAX_YEARS),
  eligible: z.boolean(),
  reasons: z.array(z.string()).describe('Why not, when not eligible'),
  monthlyAwardPence: z.number().int().nullable(),
  weeklyAwardPence: z.number().int().nullable(),
  breakdown: z.object({
    elements: z.array(line),
    deductions: z.array(line),
    workAllowancePence: z.number().int().nullable(),
  }),
  income: z.object({
    source: z.enum(['declared', 'hmrc', 'none']),
    monthlyPence: z.number().int(),
    months: z.array(z.string()),
  }),
  ratesUsed: z.array(z.object({ code: z.string(), amount: z.number().int(), unit: z.string(), source: z.string() })),
  createdAt: z.string().datetime(),
});
export type EstimateView = z.output<typeof estimateView>;

export const errorView = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** An estimate as the database returns it (JSON), checked before it is answered. */
export function storedEstimate(id: string, result: unknown): EstimateView {
  const parsed = estimateView.safeParse(result);
  if (!parsed.success) throw new StoredEstimateUnreadableError(id);
  return parsed.data;
}
