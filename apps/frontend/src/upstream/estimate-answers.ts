/** The shape of benefits-api's estimate the result page reads (checked on every call). */
import { z } from 'zod';

const line = z.object({ label: z.string(), pence: z.number().int() });

export const estimateAnswer = z.object({
  id: z.string().uuid(),
  benefit: z.enum(['universal-credit', 'new-style-jsa', 'new-style-esa']),
  taxYear: z.string(),
  eligible: z.boolean(),
  reasons: z.array(z.string()),
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
