/**
 * The order of a release's traffic steps, apart from any I/O: shift the new version's share, watch
 * it period by period for the step's bake, and roll back as soon as the alarm fires or a new
 * instance stops being healthy; finish after the last step. A generator: the controller does each
 * action and hands back what it observed. Pure.
 */
import { ALARM_OK, breachesOf, nextAlarmState, type PeriodReading } from './alarm-evaluator.ts';
import type { RehearsalPlan } from './rehearsal-plan.ts';

export type WalkAction =
  | { readonly kind: 'shift'; readonly step: number; readonly percent: number; readonly bakeMs: number }
  | { readonly kind: 'observe'; readonly step: number; readonly period: number; readonly periodMs: number }
  | { readonly kind: 'roll-back'; readonly step: number; readonly reason: string }
  | { readonly kind: 'finish' };

/** What the controller saw over one period. */
export interface Observation {
  readonly reading: PeriodReading;
  /** New instances that are not healthy now. */
  readonly unhealthy: readonly string[];
}

export function* walkSteps(
  plan: Pick<RehearsalPlan, 'steps' | 'alarms' | 'periodMs'>,
): Generator<WalkAction, void, Observation | undefined> {
  let alarm = ALARM_OK;
  for (const [step, s] of plan.steps.entries()) {
    yield { kind: 'shift', step, percent: s.percent, bakeMs: s.bakeMs };
    const periods = Math.max(1, Math.ceil(s.bakeMs / plan.periodMs));
    for (let period = 0; period < periods; period++) {
      const seen = yield { kind: 'observe', step, period, periodMs: plan.periodMs };
      if (!seen) throw new TypeError('an observe action is answered with an observation');
      if (seen.unhealthy.length > 0) {
        yield { kind: 'roll-back', step, reason: `${seen.unhealthy.join(', ')} stopped being healthy` };
        return;
      }
      alarm = nextAlarmState(alarm, plan.alarms, seen.reading);
      if (alarm.fired) {
        const why = breachesOf(plan.alarms, seen.reading).join('; ');
        yield {
          kind: 'roll-back',
          step,
          reason: `rollback alarm fired after ${alarm.streak} breaching period${alarm.streak === 1 ? '' : 's'} in a row: ${why}`,
        };
        return;
      }
    }
  }
  yield { kind: 'finish' };
}
