/**
 * The rollback alarms over the new version's own metrics, as CloudWatch evaluates them on its
 * target group: each period's requests, 5xx answers and p99 latency, a breach per alarm, and the
 * alarm firing after `datapoints` breaching periods in a row. Pure.
 *
 * A period without requests is missing data, counted as good, as the CDK app's alarms treat it
 * (`treatMissingData: notBreaching`, infra/lib/compute/release-alarms.ts): it ends a streak.
 */
import type { RollbackAlarms } from '@dwp/platform';
import type { Sample } from '../console/prometheus-text.ts';

/** What an instance's `/metrics` says so far: counters since it started, and the latency summary. */
export interface MetricsSnapshot {
  /** Requests answered, health, metrics and docs routes left out. */
  readonly requests: number;
  /** Of those, answered 5xx. */
  readonly errors: number;
  /** p99 of the latency summary (its last minute), in ms; undefined before any request. */
  readonly p99Ms: number | undefined;
}

/** One period's figures. */
export interface PeriodReading {
  readonly requests: number;
  readonly errors: number;
  readonly errorRatePercent: number;
  readonly successRatePercent: number;
  readonly p99Ms: number | undefined;
}

export const EMPTY_SNAPSHOT: MetricsSnapshot = { requests: 0, errors: 0, p99Ms: undefined };

/** Routes that are the platform's, not the service's users': health checks, metric scrapes, docs. */
function isOperationalRoute(route: string): boolean {
  return route === '/metrics' || route.startsWith('/docs') || route.startsWith('/health') || route.endsWith('/health');
}

/** The service-kit metrics (metrics.ts) of one instance, read. */
export function snapshotOf(samples: readonly Sample[]): MetricsSnapshot {
  let requests = 0;
  let errors = 0;
  for (const s of samples) {
    if (s.name !== 'http_requests_total' || !Number.isFinite(s.value)) continue;
    if (isOperationalRoute(s.labels.route ?? '')) continue;
    requests += s.value;
    if ((s.labels.status ?? '').startsWith('5')) errors += s.value;
  }
  const p99 = samples.find((s) => s.name === 'http_request_latency_seconds' && s.labels.quantile === '0.99')?.value;
  return { requests, errors, p99Ms: p99 === undefined || Number.isNaN(p99) ? undefined : p99 * 1000 };
}

/** Several instances as one target group: counts add up, the worst p99 stands for them. */
export function combined(snapshots: readonly MetricsSnapshot[]): MetricsSnapshot {
  const p99s = snapshots.flatMap((s) => (s.p99Ms === undefined ? [] : [s.p99Ms]));
  return {
    requests: snapshots.reduce((n, s) => n + s.requests, 0),
    errors: snapshots.reduce((n, s) => n + s.errors, 0),
    p99Ms: p99s.length ? Math.max(...p99s) : undefined,
  };
}

/** The figures between two snapshots. A counter that went down (a restart) counts from zero. */
export function readingBetween(before: MetricsSnapshot, after: MetricsSnapshot): PeriodReading {
  const restarted = after.requests < before.requests || after.errors < before.errors;
  const requests = restarted ? after.requests : after.requests - before.requests;
  const errors = restarted ? after.errors : after.errors - before.errors;
  const errorRatePercent = requests > 0 ? (errors / requests) * 100 : 0;
  return {
    requests,
    errors,
    errorRatePercent,
    successRatePercent: requests > 0 ? 100 - errorRatePercent : 100,
    p99Ms: after.p99Ms,
  };
}

/** The alarms a period breaches, each as a sentence; none when the period had no requests. */
export function breachesOf(alarms: RollbackAlarms, r: PeriodReading): string[] {
  if (r.requests === 0) return [];
  const out: string[] = [];
  const pct = (n: number) => `${Math.round(n * 10) / 10} %`;
  if (alarms.errorRatePercentAbove !== undefined && r.errorRatePercent > alarms.errorRatePercentAbove)
    out.push(`5xx rate ${pct(r.errorRatePercent)} above ${pct(alarms.errorRatePercentAbove)}`);
  if (alarms.successRatePercentBelow !== undefined && r.successRatePercent < alarms.successRatePercentBelow)
    out.push(`success rate ${pct(r.successRatePercent)} below ${pct(alarms.successRatePercentBelow)}`);
  if (alarms.latencyP99MsAbove !== undefined && r.p99Ms !== undefined && r.p99Ms > alarms.latencyP99MsAbove)
    out.push(`p99 ${Math.round(r.p99Ms)} ms above ${alarms.latencyP99MsAbove} ms`);
  return out;
}

export interface AlarmState {
  /** Breaching periods in a row. */
  readonly streak: number;
  readonly fired: boolean;
}

export const ALARM_OK: AlarmState = { streak: 0, fired: false };

/** The alarm after one more period. */
export function nextAlarmState(state: AlarmState, alarms: RollbackAlarms, r: PeriodReading): AlarmState {
  if (r.requests === 0) return { streak: 0, fired: state.fired };
  const streak = breachesOf(alarms, r).length > 0 ? state.streak + 1 : 0;
  return { streak, fired: state.fired || streak >= alarms.datapoints };
}
