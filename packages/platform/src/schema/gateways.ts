/** The primary (API Gateway) and external (egress) gateways, and the user pool behind the primary's authorizer. */
import { z } from 'zod';
import { httpMethod, httpPath, name, percent, positiveInt, routeMethod } from './primitives.ts';

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
    .array(
      z.object({ name, valueFromEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an environment variable name') }),
    )
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
  /**
   * How the gateway proves itself to the upstream. `saml2` and `oidc`: the caller's messages carry
   * their own proof; `none`: a public upstream (published keys, say) that asks for no credentials.
   */
  auth: z.enum(['api-key', 'oauth2-client-credentials', 'mtls-oauth2-jwt', 'saml2', 'oidc', 'none']),
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
