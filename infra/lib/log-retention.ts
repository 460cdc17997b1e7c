/** The definition's log retention as the CloudWatch Logs value it must be one of. */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Platform } from '@dwp/platform';

/** Every retention CloudWatch Logs offers, by its number of days. */
const RETENTIONS: ReadonlyMap<number, logs.RetentionDays> = new Map(
  Object.values(logs.RetentionDays)
    .filter((v): v is logs.RetentionDays => typeof v === 'number')
    .map((v) => [v, v] as const),
);

export function logRetention(platform: Platform): logs.RetentionDays {
  const days = platform.observability.logRetentionDays;
  const retention = RETENTIONS.get(days);
  if (retention === undefined) {
    throw new Error(
      `observability.logRetentionDays ${days} is not a CloudWatch Logs retention; use one of ${[...RETENTIONS.keys()].sort((a, b) => a - b).join(', ')}`,
    );
  }
  return retention;
}
