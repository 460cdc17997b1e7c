/** The quota period a moment falls in, as API Gateway counts usage-plan quotas (UTC). */
import type { QuotaPeriod } from './throttle-types.ts';

const DAY_MS = 86_400_000;

export function quotaPeriodOf(period: QuotaPeriod, now: number): { readonly start: number; readonly end: number } {
  const d = new Date(now);
  switch (period) {
    case 'DAY': {
      const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return { start, end: start + DAY_MS };
    }
    case 'WEEK': {
      const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      const sinceMonday = (d.getUTCDay() + 6) % 7;
      const start = midnight - sinceMonday * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    case 'MONTH':
      return {
        start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
        end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
      };
    default: {
      const never: never = period;
      throw new Error(`Unexpected quota period ${String(never)}`);
    }
  }
}
