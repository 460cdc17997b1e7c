/**
 * What a local release rehearsal of one service does, from the definition: the strategy (the
 * service's, the platform's, or the one asked for), its traffic steps with the bake times scaled
 * down for a laptop, the rollback alarms and their period on the same scale, and the smoke test.
 * Pure.
 */
import {
  deploymentOf,
  deploymentSchema,
  rollbackAlarmsSchema,
  trafficStepsOf,
  type Deployment,
  type Platform,
  type RollbackAlarms,
  type Service,
  type SmokeTest,
} from '@dwp/platform';

/** Strategies a rehearsal may be asked for instead of the definition's. */
export const REHEARSAL_STRATEGIES = ['canary', 'linear', 'blue-green'] as const;
export type RehearsalStrategy = (typeof REHEARSAL_STRATEGIES)[number];

/** Real milliseconds per definition minute: a 1-minute bake takes 2 s. @default */
export const DEFAULT_MINUTE_MS = 2000;
/** A canary asked for on the command line: 10 % for a minute (seed 000's stage canary share). */
export const DEFAULT_CANARY = { percent: 10, stepBakeMinutes: 1 } as const;
/** A linear release asked for on the command line: 25 % more every minute. */
export const DEFAULT_LINEAR = { stepPercent: 25, stepBakeMinutes: 1 } as const;
/**
 * The alarm watched when the definition names none: 5xx answers above 1 % of requests, over two
 * periods of a minute in a row (the schema's period and datapoints).
 */
export const DEFAULT_ROLLBACK_ALARMS: RollbackAlarms = rollbackAlarmsSchema.parse({ errorRatePercentAbove: 1 });

export interface RehearsalStep {
  /** The new version's share of traffic, percent. */
  readonly percent: number;
  /** The definition's bake, in minutes. */
  readonly bakeMinutes: number;
  /** How long the step is watched here: the scaled bake, and never under the alarms' datapoints periods. */
  readonly bakeMs: number;
}

export interface RehearsalPlan {
  readonly service: string;
  readonly strategy: Deployment['strategy'];
  /** Whether the strategy came from the request rather than the definition. */
  readonly overridden: boolean;
  readonly steps: readonly RehearsalStep[];
  readonly alarms: RollbackAlarms;
  /** Whether `alarms` are the definition's or DEFAULT_ROLLBACK_ALARMS. */
  readonly alarmsFrom: 'definition' | 'default';
  /** One alarm period, scaled. */
  readonly periodMs: number;
  readonly minuteMs: number;
  readonly smokeTest: SmokeTest | undefined;
}

/** The definition's deployment, or the one asked for, keeping the definition's bake, alarms and smoke test. */
export function rehearsedDeployment(definition: Deployment, asked: RehearsalStrategy | undefined): Deployment {
  if (!asked || asked === definition.strategy) return definition;
  const kept = {
    ...(definition.rollbackAlarms ? { rollbackAlarms: definition.rollbackAlarms } : {}),
    ...(definition.strategy !== 'rolling'
      ? {
          bakeMinutes: definition.bakeMinutes,
          controller: definition.controller,
          ...(definition.smokeTest ? { smokeTest: definition.smokeTest } : {}),
        }
      : {}),
  };
  switch (asked) {
    case 'canary':
      return deploymentSchema.parse({ strategy: 'canary', ...DEFAULT_CANARY, ...kept });
    case 'linear':
      return deploymentSchema.parse({ strategy: 'linear', ...DEFAULT_LINEAR, ...kept });
    case 'blue-green':
      return deploymentSchema.parse({ strategy: 'blue-green', ...kept });
    default: {
      const never: never = asked;
      throw new Error(`Unexpected strategy ${String(never)}`);
    }
  }
}

/**
 * The rehearsal of one process of the platform. Each step is watched for at least `datapoints`
 * alarm periods, even a 0-minute bake: an alarm can then fire within the step it was raised in.
 */
export function planRehearsal(
  platform: Platform,
  name: string,
  opts: { readonly strategy?: RehearsalStrategy | undefined; readonly minuteMs?: number | undefined } = {},
): RehearsalPlan {
  const minuteMs = opts.minuteMs ?? DEFAULT_MINUTE_MS;
  if (!(minuteMs > 0)) throw new RangeError('minuteMs must be above 0');
  const service: Service | undefined = platform.services.find((s) => s.name === name);
  // The primary gateway is a process without a service entry: it releases by the platform's strategy.
  const definition = service ? deploymentOf(platform, service) : platform.deployment;
  const deployment = rehearsedDeployment(definition, opts.strategy);
  const alarms = deployment.rollbackAlarms ?? DEFAULT_ROLLBACK_ALARMS;
  const periodMs = Math.max(1, Math.round((alarms.periodSeconds / 60) * minuteMs));
  const floorMs = alarms.datapoints * periodMs;
  return {
    service: name,
    strategy: deployment.strategy,
    overridden: deployment !== definition,
    steps: trafficStepsOf(deployment).map((s) => ({
      ...s,
      bakeMs: Math.max(floorMs, Math.round(s.bakeMinutes * minuteMs)),
    })),
    alarms,
    alarmsFrom: deployment.rollbackAlarms ? 'definition' : 'default',
    periodMs,
    minuteMs,
    smokeTest: deployment.strategy === 'rolling' ? undefined : deployment.smokeTest,
  };
}
