/** The whole definition: every part, and the types its readers use. */
import { z } from 'zod';
import { dataStoreSchema } from './data-stores.ts';
import type { rollbackAlarmsSchema, smokeTestSchema } from './deployment.ts';
import { deploymentSchema, environmentSchema } from './deployment.ts';
import { edgeSchema } from './edge.ts';
import type { externalRouteSchema, gatewayRouteSchema, usagePlanSchema, userPoolSchema } from './gateways.ts';
import { externalGatewaySchema, primaryGatewaySchema } from './gateways.ts';
import { loadBalancerSchema, networkSchema } from './network.ts';
import type { httpMethod } from './primitives.ts';
import { healthCheckSchema, httpPath, name, percent, positiveInt } from './primitives.ts';
import type { permissionSchema } from './services.ts';
import { scalingSchema, serviceSchema } from './services.ts';

const sampleRate = z.number().min(0).max(1);

/**
 * Which requests are traced. `sampleRate` is the share of new traces a process starts (1.0 traces
 * every request, the local default); a request that arrives with a sampling decision (API
 * Gateway's X-Ray header, a caller's traceparent) keeps it, so one trace is never half recorded.
 * `environments` overrides the rate per deployment environment. `true` and `false` are shorthand.
 */
const tracingSchema = z
  .union([
    z.boolean(),
    z.object({
      enabled: z.boolean().default(true),
      sampleRate: sampleRate.default(1),
      environments: z.record(z.string(), sampleRate).default({}),
    }),
  ])
  .default(true)
  .transform((t) => (typeof t === 'boolean' ? { enabled: t, sampleRate: 1, environments: {} } : t));

export const platformSchema = z.object({
  name,
  description: z.string().default(''),
  network: networkSchema.prefault({}),
  clusters: z
    .array(z.object({ name, tier: z.enum(['web', 'app']), containerInsights: z.boolean().default(true) }))
    .min(1),
  services: z.array(serviceSchema).min(1),
  serviceDiscovery: z.object({
    namespace: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a DNS name such as dwp.local'),
    healthCheck: z.object({
      type: z.enum(['HTTP']),
      path: httpPath,
      intervalSeconds: positiveInt,
      failureThreshold: positiveInt,
    }),
  }),
  loadBalancing: z.object({
    public: loadBalancerSchema,
    internal: loadBalancerSchema.optional(),
    healthCheck: healthCheckSchema,
  }),
  gateways: z
    .object({ primary: primaryGatewaySchema.optional(), external: externalGatewaySchema.optional() })
    .default({}),
  dataStores: z.array(dataStoreSchema).default([]),
  /** Applied to every service that does not declare its own `scaling`. */
  defaultScaling: scalingSchema.optional(),
  edge: edgeSchema.optional(),
  observability: z
    .object({
      logRetentionDays: positiveInt.default(30),
      tracing: tracingSchema,
      alarms: z
        .object({
          cpuAbovePercent: percent.optional(),
          memoryAbovePercent: percent.optional(),
          taskFailureRateAbovePercent: percent.optional(),
          serviceUnavailable: z.boolean().default(false),
          http5xxRateAbovePercent: percent.optional(),
        })
        .prefault({}),
    })
    .prefault({}),
  environments: z.array(environmentSchema).min(1),
  deployment: deploymentSchema,
});

export type PlatformInput = z.input<typeof platformSchema>;
export type Platform = z.output<typeof platformSchema>;
export type Service = Platform['services'][number];
export type Scaling = z.output<typeof scalingSchema>;
export type Permission = z.output<typeof permissionSchema>;
export type GatewayRoute = z.output<typeof gatewayRouteSchema>;
export type PrimaryGateway = z.output<typeof primaryGatewaySchema>;
export type UsagePlan = z.output<typeof usagePlanSchema>;
export type ExternalGateway = z.output<typeof externalGatewaySchema>;
export type ExternalRoute = z.output<typeof externalRouteSchema>;
export type DataStore = Platform['dataStores'][number];
export type Environment = z.output<typeof environmentSchema>;
export type Deployment = z.output<typeof deploymentSchema>;
export type RollbackAlarms = z.output<typeof rollbackAlarmsSchema>;
export type SmokeTest = z.output<typeof smokeTestSchema>;
export type HealthCheck = z.output<typeof healthCheckSchema>;
export type HttpMethod = z.output<typeof httpMethod>;
export type UserPool = z.output<typeof userPoolSchema>;
export type Network = z.output<typeof networkSchema>;
