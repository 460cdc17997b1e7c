/** The shape of benefits-api's estimate the result page reads (checked on every call). */
import { z } from 'zod';

/**
 * The values a line's or reason's words need, by name (a name ending in `Pence` is money). The
 * codes and params are optional: an older benefits-api answers only the English.
 */
const params = z.record(z.string(), z.union([z.string(), z.number()]));
const line = z.object({
  code: z.string().optional(),
  params: params.optional(),
  label: z.string(),
  pence: z.number().int(),
});

export const estimateAnswer = z.object({
  id: z.uuid(),
  benefit: z.enum(['universal-credit', 'new-style-jsa', 'new-style-esa']),
  taxYear: z.string(),
  eligible: z.boolean(),
  reasons: z.array(z.string()),
  /** The reasons as codes, one for each of `reasons` in the same order. */
  reasonCodes: z.array(z.object({ code: z.string(), params: params.optional() })).optional(),
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
  createdAt: z.string(),
});
export type EstimateAnswer = z.output<typeof estimateAnswer>;
/** Words that benefits-api may code: a line of the breakdown, or a reason. */
export type CodedWords = { readonly code?: string; readonly params?: Readonly<Record<string, string | number>> };
