/** One release's record as it runs: its steps appended and closed in order. */
import type { RehearsalPlan } from './rehearsal-plan.ts';
import type { PeriodView, ReleaseState, ReleaseView, StepPhase, StepView } from './release-view.ts';

type MutableStep = { -readonly [K in keyof StepView]: StepView[K] } & { periods: PeriodView[] };

export class ReleaseLog {
  readonly #base: Omit<ReleaseView, 'state' | 'percent' | 'endedAt' | 'reason' | 'green' | 'steps'>;
  readonly #now: () => number;
  readonly #steps: MutableStep[] = [];
  #state: ReleaseState = 'running';
  #percent = 0;
  #endedAt: string | undefined;
  #reason: string | undefined;
  #green = { instances: [] as readonly string[], requests: 0, errors: 0 };

  constructor(
    init: {
      id: string;
      plan: RehearsalPlan;
      fromRevision: number;
      toRevision: number;
      env: readonly string[];
      healthTimeoutMs: number;
    },
    now: () => number,
  ) {
    this.#now = now;
    const { plan } = init;
    this.#base = {
      id: init.id,
      service: plan.service,
      strategy: plan.strategy,
      strategyOverridden: plan.overridden,
      fromRevision: init.fromRevision,
      toRevision: init.toRevision,
      env: init.env,
      startedAt: this.#iso(),
      alarms: { ...plan.alarms, from: plan.alarmsFrom },
      timing: { minuteMs: plan.minuteMs, periodMs: plan.periodMs, healthTimeoutMs: init.healthTimeoutMs },
    };
  }

  get id(): string {
    return this.#base.id;
  }

  get service(): string {
    return this.#base.service;
  }

  get state(): ReleaseState {
    return this.#state;
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }

  /** Opens a step (closing one still open as passed). */
  begin(phase: StepPhase, detail: string, extra: { bakeMs?: number } = {}): void {
    this.end('passed');
    this.#steps.push({
      phase,
      startedAt: this.#iso(),
      percent: this.#percent,
      outcome: 'running',
      detail,
      periods: [],
      ...(extra.bakeMs === undefined ? {} : { bakeMs: extra.bakeMs }),
    });
  }

  /** Closes the open step, if any. */
  end(outcome: 'passed' | 'failed', detail?: string): void {
    const open = this.#steps.at(-1);
    if (!open || open.outcome !== 'running') return;
    open.outcome = outcome;
    open.endedAt = this.#iso();
    if (detail) open.detail = detail;
  }

  shifted(percent: number): void {
    this.#percent = percent;
    const open = this.#steps.at(-1);
    if (open?.outcome === 'running') open.percent = percent;
  }

  period(p: Omit<PeriodView, 'at'>): void {
    this.#steps.at(-1)?.periods.push({ at: this.#iso(), ...p });
  }

  green(figures: { instances: readonly string[]; requests: number; errors: number }): void {
    this.#green = figures;
  }

  close(state: Exclude<ReleaseState, 'running'>, reason?: string): void {
    this.end(state === 'succeeded' ? 'passed' : 'failed');
    this.#state = state;
    this.#endedAt = this.#iso();
    this.#reason = reason;
  }

  view(): ReleaseView {
    return {
      ...this.#base,
      state: this.#state,
      percent: this.#percent,
      ...(this.#endedAt ? { endedAt: this.#endedAt } : {}),
      ...(this.#reason ? { reason: this.#reason } : {}),
      green: this.#green,
      steps: this.#steps.map((s) => ({ ...s, periods: [...s.periods] })),
    };
  }
}
