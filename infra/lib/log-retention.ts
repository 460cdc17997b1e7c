/** The definition's log retention as the CloudWatch Logs value it must be one of. */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Platform } from '@dwp/platform';

const ALLOWED: ReadonlySet<number> = new Set(
  Object.values(logs.RetentionDays).filter((v): v is number => typeof v === 'number' && v > 0),
);

export function logRetention(platform: Platform): logs.RetentionDays {
  const days = platform.observability.logRetentionDays;
  if (!ALLOWED.has(days)) {
    throw new Error(
      `observability.logRetentionDays ${days} is not a CloudWatch Logs retention; use one of ${[...ALLOWED].sort((a, b) => a - b).join(', ')}`,
    );
  }
  return days as logs.RetentionDays;
}
