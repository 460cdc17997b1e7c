/** Environments (name suffix, path prefix) and the deployment strategy. */
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

export const deploymentSchema = z.discriminatedUnion('strategy', [
  z.object({
    strategy: z.literal('rolling'),
    minimumHealthyPercent: percent.default(100),
    maximumPercent: z.number().int().min(100).max(200).default(200),
    rollbackOnFailure: z.boolean().default(true),
  }),
  z.object({
    strategy: z.literal('blue-green'),
    terminationWaitMinutes: z.number().int().nonnegative().default(5),
  }),
  z.object({
    strategy: z.literal('canary'),
    /** Percent of traffic on the new version at each step, ending at 100. */
    steps: z.array(percent).min(1),
    stepMinutes: positiveInt,
    rollbackAlarm: z.object({ successRatePercentBelow: percent }).optional(),
  }),
]);
