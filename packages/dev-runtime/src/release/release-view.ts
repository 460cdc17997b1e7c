/**
 * A release as the admin API (`GET /v1/releases/<id>`), the status JSON and the console show it:
 * its state, and every step with its timestamps, the traffic it gave the new version, the alarm
 * readings of each period and how it ended.
 */
import type { Deployment, RollbackAlarms } from '@dwp/platform';
import type { PeriodReading } from './alarm-evaluator.ts';

export type ReleaseState = 'running' | 'succeeded' | 'rolled-back' | 'aborted';

export type StepPhase = 'start-green' | 'health-check' | 'smoke-test' | 'traffic' | 'finish' | 'roll-back';

export interface PeriodView extends PeriodReading {
  readonly at: string;
  /** The alarms this period breached, as sentences. */
  readonly breaches: readonly string[];
}

export interface StepView {
  readonly phase: StepPhase;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** The new version's share of traffic during the step, percent. */
  readonly percent: number;
  /** Traffic steps: how long the step is watched, ms. */
  readonly bakeMs?: number;
  readonly outcome: 'running' | 'passed' | 'failed';
  readonly detail: string;
  readonly periods: readonly PeriodView[];
}

export interface ReleaseView {
  readonly id: string;
  readonly service: string;
  readonly strategy: Deployment['strategy'];
  /** Whether the strategy was asked for rather than the definition's. */
  readonly strategyOverridden: boolean;
  readonly fromRevision: number;
  readonly toRevision: number;
  /** Names of the variables the new version was given (values are not shown: they may be secret). */
  readonly env: readonly string[];
  readonly state: ReleaseState;
  /** The new version's share of traffic now, percent. */
  readonly percent: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  /** Why it rolled back or was aborted. */
  readonly reason?: string;
  readonly alarms: RollbackAlarms & { readonly from: 'definition' | 'default' };
  readonly timing: { readonly minuteMs: number; readonly periodMs: number; readonly healthTimeoutMs: number };
  readonly green: {
    readonly instances: readonly string[];
    /** Requests the new version answered (health checks, scrapes and docs left out), as of its last scrape. */
    readonly requests: number;
    readonly errors: number;
  };
  readonly steps: readonly StepView[];
}

/** What `/status` shows of a service's latest release. */
export type ReleaseSummary = Pick<
  ReleaseView,
  'id' | 'strategy' | 'state' | 'percent' | 'fromRevision' | 'toRevision' | 'startedAt' | 'endedAt' | 'reason'
> & { readonly step: string | undefined };

export function summaryOf(r: ReleaseView): ReleaseSummary {
  const last = r.steps.at(-1);
  return {
    id: r.id,
    strategy: r.strategy,
    state: r.state,
    percent: r.percent,
    fromRevision: r.fromRevision,
    toRevision: r.toRevision,
    startedAt: r.startedAt,
    ...(r.endedAt ? { endedAt: r.endedAt } : {}),
    ...(r.reason ? { reason: r.reason } : {}),
    step: last ? `${last.phase}${last.phase === 'traffic' ? ` ${last.percent} %` : ''}: ${last.outcome}` : undefined,
  };
}
