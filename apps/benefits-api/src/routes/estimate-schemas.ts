/** Request and answer shapes of estimates, for validation and /docs. */
import { z } from 'zod';
import { BENEFIT_IDS } from '../domain/catalogue.ts';
import { LINE_CODES, lineCodeOf, REASON_CODES, reasonCodeOf } from '../domain/estimate-codes.ts';
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

const params = z
  .record(z.string(), z.number())
  .describe("Values the code's words need, by name (`{name}` in them); a name ending in Pence is money in pence");
const line = z.object({
  code: z
    .enum(LINE_CODES)
    .optional()
    .describe('Stable code of the line, to word it in any language (absent only on some estimates made before codes)'),
  params: params.optional(),
  label: z.string().describe('The line in English'),
  pence: z.number().int(),
});
const reasonCode = z.object({
  code: z.enum(REASON_CODES).describe('Stable code of the reason, to word it in any language'),
  params: params.optional(),
});

export const estimateView = z.object({
  id: z.uuid(),
  benefit: z.enum(BENEFIT_IDS),
  taxYear: z.enum(TAX_YEARS),
  eligible: z.boolean(),
  reasons: z.array(z.string()).describe('Why not, when not eligible, in English'),
  reasonCodes: z
    .array(reasonCode)
    .optional()
    .describe(
      'The reasons as stable codes, one for each of reasons in the same order (absent only on some estimates made before codes)',
    ),
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
  createdAt: z.iso.datetime(),
});
export type EstimateView = z.output<typeof estimateView>;

export const errorView = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

type Line = EstimateView['breakdown']['elements'][number];
type ReasonCodes = NonNullable<EstimateView['reasonCodes']>;

/** A line stored before lines had codes gets the code of its English label, when it is one of ours. */
const codedLine = (l: Line): Line => (l.code === undefined ? { ...l, ...lineCodeOf(l.label) } : l);

/** Reasons stored before they had codes: coded from their English, if every one is ours (else none). */
function reasonCodesOf(reasons: readonly string[]): ReasonCodes | undefined {
  const codes: ReasonCodes = [];
  for (const r of reasons) {
    const coded = reasonCodeOf(r);
    if (!coded) return undefined;
    codes.push(coded.params ? { code: coded.code, params: { ...coded.params } } : { code: coded.code });
  }
  return codes;
}

/**
 * An estimate as the database returns it (JSON), checked before it is answered. One stored before
 * estimates had codes still reads, with the codes its English words stand for.
 */
export function storedEstimate(id: string, result: unknown): EstimateView {
  const parsed = estimateView.safeParse(result);
  if (!parsed.success) throw new StoredEstimateUnreadableError(id);
  const view = parsed.data;
  const reasonCodes = view.reasonCodes ?? reasonCodesOf(view.reasons);
  return {
    ...view,
    ...(reasonCodes ? { reasonCodes } : {}),
    breakdown: {
      ...view.breakdown,
      elements: view.breakdown.elements.map(codedLine),
      deductions: view.breakdown.deductions.map(codedLine),
    },
  };
}
