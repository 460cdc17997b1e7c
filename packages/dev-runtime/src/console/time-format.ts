/** Times on the console: UTC, to the millisecond where spans need it. Pure. */

/**
 * A trace store's start time as a Date: ISO-8601 text, or an epoch number in microseconds
 * (Jaeger's unit) or milliseconds; values above 1e14 can only be microseconds (year 5138 in ms).
 */
export function toDate(value: number | string): Date | undefined {
  const d = typeof value === 'string' ? new Date(value) : new Date(value > 1e14 ? value / 1000 : value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `2026-12-01 17:40:02.123 UTC` */
export function formatUtc(value: number | string | Date, withMs = false): string {
  const d = value instanceof Date ? value : toDate(value);
  if (!d) return String(value instanceof Date ? '' : value);
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, withMs ? 23 : 19)} UTC`;
}
