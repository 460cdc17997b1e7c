export { createService, type CreateServiceOptions, type ServiceApp, type ServiceRuntime } from './create-service.ts';
export { ConfigError, baseConfigSchema, loadConfig, type BaseConfig } from './config.ts';
export { DiscoveryClient, NoHealthyInstanceError, type DiscoveryOptions, type Endpoint } from './discovery.ts';
export { SmoothWeightedBalancer, type WeightedCandidate } from './weighted-balancer.ts';
export * from '@dwp/service-errors';
export type { DependencyCheck } from './health.ts';
export { continueTrace, traceparentOf, type TraceContext } from './trace-context.ts';
export { openStores, type OpenedStores } from './stores/open-stores.ts';
export { openPostgres, type PostgresStore } from './stores/postgres.ts';
export type { DynamoStore } from './stores/dynamodb.ts';
export { runService, type RunServiceOptions } from './run-service.ts';
export {
  Forwarder,
  IDEMPOTENT_METHODS,
  isRetryable,
  type ForwardRequest,
  type ForwardResult,
  type ForwarderOptions,
  type Upstream,
} from './forward.ts';
export {
  ServiceClient,
  foundOrNone,
  readAnswer,
  type CallOptions,
  type CallResult,
  type ReadOptions,
} from './service-client.ts';
export {
  actingUser,
  isRole,
  isStaff,
  type Caller,
  type Role,
  type RouteAuth,
  type UserIdentity,
} from './identity/caller.ts';
export { CallerNotAllowedError, UnauthenticatedError } from './identity/service-identity-plugin.ts';
export { SERVICE_TOKEN_HEADER, ServiceTokenSigner, verifyServiceToken } from './identity/service-token.ts';
export { SIGNING_KEY_ENV, TRUSTED_KEYS_ENV, generatePrincipalKeys, type PrincipalKeyPair } from './identity/keys.ts';
export { TokenRejected, type RejectionReason } from './identity/cognito/token-rejected.ts';
export {
  accessTokenFrom,
  cognitoConfigSchema,
  userTokenVerification,
  type UserTokenVerification,
} from './identity/cognito/user-token-verification.ts';
export { connectRedis, type ConnectRedisOptions, type RedisClient } from './stores/redis.ts';
