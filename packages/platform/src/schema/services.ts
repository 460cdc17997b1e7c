/** Services: their size, tasks, scaling, task-role permissions and what they own. */
import { z } from 'zod';
import { healthCheckSchema, name, percent, positiveInt } from './primitives.ts';
import { deploymentSchema } from './deployment.ts';

/** The three target-tracking metrics ECS service auto scaling offers. */
const targetTrackingSchema = z.discriminatedUnion('metric', [
  z.object({ metric: z.literal('cpu'), targetPercent: percent }),
  z.object({ metric: z.literal('memory'), targetPercent: percent }),
  z.object({ metric: z.literal('alb-requests-per-target'), requestsPerMinute: positiveInt }),
]);

/** CPU step: add (positive) or remove (negative) tasks when CPU crosses the threshold. */
const stepSchema = z.object({
  cpuAbovePercent: percent.optional(),
  cpuBelowPercent: percent.optional(),
  change: z
    .number()
    .int()
    .refine((n) => n !== 0, 'a step must add or remove at least one task'),
});

const scheduleSchema = z.object({
  name,
  /** Cron in the given time zone, as Application Auto Scaling's scheduled actions take it. */
  cron: z.string().min(9),
  timeZone: z.string().default('UTC'),
  minTasks: z.number().int().nonnegative(),
  maxTasks: positiveInt,
});

export const scalingSchema = z.object({
  targetTracking: z.array(targetTrackingSchema).default([]),
  steps: z.array(stepSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
  scaleInCooldownSeconds: z.number().int().nonnegative().default(60),
  scaleOutCooldownSeconds: z.number().int().nonnegative().default(60),
});

/** What a task role may do, each naming the one resource it applies to. */
export const permissionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dynamodb'), access: z.enum(['read', 'readwrite']), table: name }),
  z.object({ kind: z.literal('rds-connect'), database: name }),
  z.object({ kind: z.literal('s3'), access: z.enum(['read', 'write', 'readwrite']), bucket: name }),
  z.object({ kind: z.literal('sqs-publish'), queue: name }),
  z.object({ kind: z.literal('sqs-consume'), queue: name }),
  z.object({ kind: z.literal('secrets-read'), secrets: z.array(name).min(1) }),
  z.object({ kind: z.literal('cloudwatch-logs') }),
]);

export const serviceSchema = z.object({
  name,
  /** Folder under apps/ that holds the code (one folder = one image). @default the service name */
  app: name.optional(),
  description: z.string().default(''),
  tier: z.enum(['web', 'app']),
  cluster: name,
  port: z.number().int().min(1).max(65535),
  cpu: positiveInt,
  memory: positiveInt,
  healthCheck: healthCheckSchema.default({
    path: '/health',
    intervalSeconds: 30,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 5,
  }),
  /** Internal ALB path patterns (`/citizen/*`). The path prefix the service owns is derived from the first. */
  routes: z.array(z.string().regex(/^\/[a-z0-9-]+\/\*$/, 'must look like /prefix/*')).default([]),
  tasks: z.object({
    min: z.number().int().nonnegative(),
    max: positiveInt,
    /** `az`: the range applies in each availability zone, as the seed's "2-6 per AZ". */
    per: z.enum(['service', 'az']).default('service'),
  }),
  /** Registered in the Cloud Map namespace as `<name>.<namespace>`. */
  discoverable: z.boolean().default(true),
  /** Run on FARGATE_SPOT (interruptible, for non-critical work). @default false */
  spot: z.boolean().default(false),
  scaling: scalingSchema.optional(),
  taskRole: z.object({ name, permissions: z.array(permissionSchema).default([]) }).optional(),
  /** Names of secrets injected into the container from Secrets Manager. */
  secrets: z.array(name).default([]),
  /** Services this one may call (service-to-service authorisation, the local analogue of IAM). */
  calls: z.array(name).default([]),
  /** Data stores whose readiness the service's /health reports. */
  dependsOn: z.array(name).default([]),
  /** How a new version replaces this one, when it differs from the platform's `deployment`. */
  deployment: deploymentSchema.optional(),
  local: z
    .object({
      /** Replicas `npm start` runs. @default 1 */
      replicas: positiveInt.default(1),
    })
    .prefault({}),
});
