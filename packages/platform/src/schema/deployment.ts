/** Environments (name suffix, path prefix) and how a new version of a service replaces the old. */
import { z } from 'zod';
import { httpPath, name, percent, positiveInt } from './primitives.ts';

export const environmentSchema = z.object({
  name,
  /** Appended to every resource name (`claims-api-test`); empty in production. */
  nameSuffix: z.string().default(''),
  /** Prepended to every resource name (`test-claims-api`, seed 002); empty in production. */
  namePrefix: z.string().default(''),
  /** ALB path prefix (`/test`); empty in production. */
  pathPrefix: z.union([z.literal(''), httpPath]).default(''),
  natGateways: positiveInt.default(1),
  multiAz: z.boolean().default(true),
});

/** ECS and CodeDeploy both bound a bake to a day (`BakeTimeInMinutes`, `StepBakeTimeInMinutes`: 0-1440). */
const bakeMinutes = z.number().int().min(0).max(1440);

/**
 * The alarms that stop a release and send traffic back to the old version. Each is evaluated on the
 * service's own target group over `periodSeconds`, and fires after `datapoints` breaching periods in
 * a row (seed 004: success rate below 99.5 % over 2 datapoints).
 */
export const rollbackAlarmsSchema = z
  .object({
    /** Share of requests answered 2xx-4xx; below this is a breach. */
    successRatePercentBelow: percent.optional(),
    /** Share of requests answered 5xx by the targets; above this is a breach. */
    errorRatePercentAbove: percent.optional(),
    /** The targets' p99 response time in milliseconds; above this is a breach. */
    latencyP99MsAbove: positiveInt.optional(),
    periodSeconds: z.number().int().min(10).max(3600).default(60),
    datapoints: positiveInt.default(2),
  })
  .refine(
    (a) =>
      a.successRatePercentBelow !== undefined ||
      a.errorRatePercentAbove !== undefined ||
      a.latencyP99MsAbove !== undefined,
    'name at least one alarm: successRatePercentBelow, errorRatePercentAbove or latencyP99MsAbove',
  );

/**
 * A request the release makes to the new version before it takes production traffic (through the
 * test listener on AWS, straight to the new instances locally). Any other status stops the release.
 */
export const smokeTestSchema = z.object({
  path: httpPath,
  expectStatus: z.number().int().min(100).max(599).default(200),
  timeoutSeconds: positiveInt.default(10),
});

/** What every traffic-shifting strategy shares: who runs it, how long it bakes, what stops it. */
const shifting = {
  /**
   * `ecs`: ECS's own deployment controller (native blue/green, canary and linear since 2025).
   * `codedeploy`: a CodeDeploy deployment group (seed 004's `CodeDeployDefault.ECSLinear10PercentEvery1Minutes`).
   */
  controller: z.enum(['ecs', 'codedeploy']).default('ecs'),
  /** Minutes the old version stays up after all traffic is on the new one, so a rollback is instant. */
  bakeMinutes: bakeMinutes.default(5),
  rollbackAlarms: rollbackAlarmsSchema.optional(),
  smokeTest: smokeTestSchema.optional(),
};

export const deploymentSchema = z.discriminatedUnion('strategy', [
  z.object({
    /** Tasks replaced in place, batch by batch; the circuit breaker rolls back a release that never gets healthy. */
    strategy: z.literal('rolling'),
    minimumHealthyPercent: percent.default(100),
    maximumPercent: z.number().int().min(100).max(200).default(200),
    rollbackOnFailure: z.boolean().default(true),
    rollbackAlarms: rollbackAlarmsSchema.optional(),
  }),
  z.object({
    /** A whole new set beside the old, then all traffic at once. */
    strategy: z.literal('blue-green'),
    ...shifting,
  }),
  z.object({
    /** `percent` of traffic to the new set for `stepBakeMinutes`, then the rest. */
    strategy: z.literal('canary'),
    ...shifting,
    percent: z.number().min(0.1).max(99.9),
    stepBakeMinutes: bakeMinutes,
  }),
  z.object({
    /** `stepPercent` more traffic to the new set every `stepBakeMinutes` until it has it all. */
    strategy: z.literal('linear'),
    ...shifting,
    stepPercent: z.number().min(3).max(99.9),
    stepBakeMinutes: bakeMinutes,
  }),
]);
