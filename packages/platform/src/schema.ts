/**
 * The shape of a platform definition. Field-level rules live here; rules that relate one part of
 * the definition to another (references, duplicates, Fargate sizes) live in `rules.ts`.
 */
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, starting with a letter');
const positiveInt = z.number().int().positive();
const percent = z.number().min(0).max(100);
const httpPath = z.string().regex(/^\/[A-Za-z0-9._~\-/{}+*]*$/, 'must be an absolute URL path');

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const httpMethod = z.enum(HTTP_METHODS);
/** `ANY` is API Gateway's catch-all method. */
export const routeMethod = z.enum([...HTTP_METHODS, 'ANY']);

export const healthCheckSchema = z.object({
  path: httpPath.default('/health'),
  intervalSeconds: positiveInt.default(30),
  timeoutSeconds: positiveInt.default(5),
  healthyThreshold: positiveInt.default(2),
  unhealthyThreshold: positiveInt.default(5),
});

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
  change: z.number().int().refine((n) => n !== 0, 'a step must add or remove at least one task'),
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
  local: z
    .object({
      /** Replicas `npm start` runs. @default 1 */
      replicas: positiveInt.default(1),
    })
    .prefault({}),
});

export const gatewayRouteSchema = z.object({
  /** API Gateway resource path: `/claims/{proxy+}` or a specific one such as `/claims/health`. */
  path: httpPath,
  method: routeMethod.default('ANY'),
  service: name,
  auth: z.enum(['required', 'none']).default('required'),
  /** Roles allowed to call this route; empty means any signed-in caller. */
  roles: z.array(z.string()).default([]),
  throttling: z.object({ rateLimit: positiveInt, burstLimit: positiveInt }).optional(),
  caching: z.object({ enabled: z.boolean() }).optional(),
  /** Callers must send an API key of a usage plan (`x-api-key`); the plan's limits then apply. @default false */
  apiKeyRequired: z.boolean().optional(),
});

/**
 * An API Gateway usage plan: per-key throttles (overall and per method) and a quota per period.
 * Key values are secrets: each key names the environment variable that holds its value.
 */
export const usagePlanSchema = z.object({
  name,
  throttling: z.object({ rateLimit: positiveInt, burstLimit: positiveInt }).optional(),
  /** Per-key per-method throttles, as a usage plan's `apiStages[].throttle` keyed by resource path and method. */
  methodThrottling: z
    .array(z.object({ path: httpPath, method: routeMethod, rateLimit: positiveInt, burstLimit: positiveInt }))
    .default([]),
  /** Requests each key may make per period (UTC calendar day, ISO week from Monday, calendar month). */
  quota: z.object({ limit: positiveInt, period: z.enum(['DAY', 'WEEK', 'MONTH']) }).optional(),
  apiKeys: z
    .array(z.object({ name, valueFromEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name') }))
    .min(1),
});

/** The Cognito user pool behind the primary gateway's authorizer. Defaults are Cognito's own. */
export const userPoolSchema = z.object({
  name: name.default('users'),
  /** Groups, which become the `cognito:groups` claim and so the caller's roles. */
  groups: z.array(z.string().min(1)).min(1).default(['citizen', 'caseworker', 'admin']),
  /** Group a self-registered user joins on confirmation (a post-confirmation trigger on AWS). */
  selfSignUpGroup: z.string().optional(),
  /**
   * Groups whose members work on other people's records (caseworkers, administrators): the
   * services let them see beyond their own. Each must be one of `groups`. @default none
   */
  staffGroups: z.array(z.string().min(1)).default([]),
  passwordPolicy: z
    .object({
      minLength: z.number().int().min(6).max(99).default(8),
      requireLowercase: z.boolean().default(true),
      requireUppercase: z.boolean().default(true),
      requireNumbers: z.boolean().default(true),
      requireSymbols: z.boolean().default(true),
    })
    // Each field's default above is the only statement of it: an absent policy is parsed as {}.
    .prefault({}),
  /** Lifetime of access and ID tokens (Cognito allows 5 minutes to 1 day). @default 60 */
  tokenValidityMinutes: z.number().int().min(5).max(1440).default(60),
  /** @default 30 */
  refreshTokenValidityDays: z.number().int().min(1).max(3650).default(30),
  /**
   * Multi-factor authentication with an authenticator app (TOTP, Cognito's software token; SMS is
   * not offered). `required` is Cognito's MFA "ON": a user without one enrols at first sign-in.
   * @default 'off'
   */
  mfa: z.enum(['off', 'optional', 'required']).default('off'),
});

export const primaryGatewaySchema = z.object({
  name,
  type: z.enum(['REGIONAL', 'EDGE', 'PRIVATE']).default('REGIONAL'),
  /** Base path mapping under the public entry: `/api` maps `/api/claims/x` to `/claims/x`. */
  basePath: httpPath,
  stage: name.default('prod'),
  authentication: z.object({
    type: z.enum(['cognito-user-pool']),
    serviceToService: z.enum(['iam']).default('iam'),
    // An absent pool is parsed as {}, so userPoolSchema's field defaults are the only ones.
    userPool: userPoolSchema.prefault({}),
  }),
  routes: z.array(gatewayRouteSchema).min(1),
  throttling: z.object({ rateLimit: positiveInt, burstLimit: positiveInt }),
  caching: z.object({
    enabled: z.boolean().default(true),
    /** 0 disables caching; API Gateway allows at most 3600. */
    ttlSeconds: z.number().int().min(0).max(3600),
    /** Cache key parameters: header names and whether the query string counts. */
    keyHeaders: z.array(z.string()).default([]),
    keyQueryString: z.boolean().default(false),
    /**
     * The query parameters by name, for caches that key only on named parameters (API Gateway's
     * REST cache). The local gateway keys on the whole sorted query when `keyQueryString` is set.
     */
    keyQueryParameters: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/)).default([]),
    methods: z.array(httpMethod).default(['GET']),
    maxEntryBytes: positiveInt.default(1_048_576),
  }),
  canary: z.object({ percentTraffic: percent }).optional(),
  /** API keys and their usage plans. @default none */
  usagePlans: z.array(usagePlanSchema).optional(),
  local: z.object({ replicas: positiveInt.default(1) }).prefault({}),
});

export const externalRouteSchema = z.object({
  path: httpPath,
  methods: z.array(httpMethod).min(1),
  upstream: name,
  auth: z.enum(['api-key', 'oauth2-client-credentials', 'mtls-oauth2-jwt', 'saml2', 'oidc']),
  rateLimit: z.object({ requests: positiveInt, perSeconds: positiveInt }),
  /** Services allowed to reach this upstream. */
  callers: z.array(name).min(1),
});

export const externalGatewaySchema = z.object({
  name,
  /** The service entry that runs the external gateway. */
  service: name,
  routes: z.array(externalRouteSchema).min(1),
  circuitBreaker: z.object({
    failureRatePercent: percent,
    openSeconds: positiveInt,
    /** Calls inside the rolling window before the failure rate counts. */
    minimumCalls: positiveInt.default(10),
    windowSeconds: positiveInt.default(60),
  }),
  retry: z.object({
    maxAttempts: positiveInt,
    backoff: z.enum(['exponential']),
    initialDelayMs: positiveInt.default(100),
    maxDelayMs: positiveInt.default(2000),
  }),
  timeoutMs: positiveInt.default(5000),
});

export const dataStoreSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('postgres'),
    name,
    owner: name,
    /** The owner's secret (one of its `secrets`) that holds this database's credentials. @default none */
    credentialsSecret: name.optional(),
  }),
  z.object({
    kind: z.literal('dynamodb'),
    name,
    owner: name,
    partitionKey: z.string().min(1),
    sortKey: z.string().min(1).optional(),
    ttlAttribute: z.string().min(1).optional(),
    globalReplicaRegions: z.array(z.string()).default([]),
  }),
  z.object({ kind: z.literal('s3'), name, owner: name }),
  z.object({
    kind: z.literal('queue'),
    name,
    owner: name,
    deadLetterAfterReceives: positiveInt.default(5),
  }),
  z.object({ kind: z.literal('cache'), name, owner: name.optional() }),
]);

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

export const loadBalancerSchema = z.object({
  name,
  scheme: z.enum(['internet-facing', 'internal']),
  listeners: z.array(
    z.object({
      port: z.number().int().min(1).max(65535),
      protocol: z.enum(['HTTP', 'HTTPS']),
      redirectToPort: z.number().int().optional(),
    }),
  ),
  /** Services in its target groups. */
  targets: z.array(name).min(1),
});

/** The network every environment gets (one VPC per environment). */
export const networkSchema = z.object({
  cidr: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-8])$/, 'must be an IPv4 CIDR block from /16 to /28')
    .default('10.0.0.0/16'),
  /** Availability zones the VPC spans; `tasks.per: 'az'` counts multiply by it. */
  availabilityZones: z.number().int().min(1).max(6).default(3),
});

export const platformSchema = z.object({
  name,
  description: z.string().default(''),
  network: networkSchema.prefault({}),
  clusters: z.array(z.object({ name, tier: z.enum(['web', 'app']), containerInsights: z.boolean().default(true) })).min(1),
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
  edge: z
    .object({
      waf: z.object({
        managedRuleGroups: z.array(z.enum(['common', 'sqli', 'known-bad-inputs'])).default([]),
        /** Requests per IP in a 5-minute window, as a WAF rate-based rule counts them. */
        rateLimitPerIpPer5Min: positiveInt.optional(),
        geo: z
          .object({
            allowCountries: z.array(z.string().length(2)).min(1),
            /** Header carrying the viewer's ISO country code. @default 'cloudfront-viewer-country' */
            countryHeader: z.string().regex(/^[a-z0-9-]+$/, 'must be a lower-case header name').optional(),
          })
          .optional(),
        maxBodyBytes: positiveInt.default(8192),
      }),
    })
    .optional(),
  observability: z
    .object({
      logRetentionDays: positiveInt.default(30),
      tracing: z.boolean().default(true),
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
export type HealthCheck = z.output<typeof healthCheckSchema>;
export type HttpMethod = z.output<typeof httpMethod>;
export type UserPool = z.output<typeof userPoolSchema>;
export type Network = z.output<typeof networkSchema>;
