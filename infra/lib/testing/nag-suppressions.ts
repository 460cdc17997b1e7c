/** The cdk-nag suppressions a synthesised template records in its resources' metadata, for tests to read. */
import { z } from 'zod';

const SuppressionsShape = z.object({
  Resources: z.record(
    z.string(),
    z.object({
      Metadata: z
        .object({
          cdk_nag: z
            .object({ rules_to_suppress: z.array(z.object({ id: z.string(), reason: z.string() })).optional() })
            .optional(),
        })
        .optional(),
    }),
  ),
});

export interface RecordedSuppression {
  /** The logical id of the resource the suppression is on. */
  readonly resource: string;
  /** The rule suppressed (`AwsSolutions-IAM5`, `NIST.800.53.R5-...`). */
  readonly id: string;
  readonly reason: string;
}

export function nagSuppressionsOf(template: unknown): RecordedSuppression[] {
  return Object.entries(SuppressionsShape.parse(template).Resources).flatMap(([resource, r]) =>
    (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource, ...rule })),
  );
}
