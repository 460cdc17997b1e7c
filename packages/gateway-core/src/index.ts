export { RouteTable, type RouteMatch } from './route-table.ts';
export {
  Forwarder,
  IDEMPOTENT_METHODS,
  isRetryable,
  type ForwardRequest,
  type ForwardResult,
  type ForwarderOptions,
  type Upstream,
} from '@dwp/service-kit';
export { HOP_BY_HOP, endToEnd, type HeaderMap } from './hop-headers.ts';
export {
  INTERNAL_HEADER_PREFIX,
  INTERNAL_RESPONSE_HEADERS,
  dropClientIdentityHeaders,
  isInternalHeader,
} from './response-headers.ts';
export * from './errors.ts';
export { fullBucket, msUntilToken, tokensAt, type BucketLimit, type BucketState } from './throttle/token-bucket.ts';
export * from './throttle/throttle-types.ts';
export { MemoryThrottleStore } from './throttle/memory-throttle-store.ts';
export {
  DEFAULT_THROTTLE_KEY_PREFIX,
  RedisThrottleStore,
  type RedisThrottleStoreOptions,
} from './throttle/redis-throttle-store.ts';
export {
  API_KEY_HEADER,
  ThrottlePlan,
  type ThrottlePlanOptions,
  type ThrottlePlanResult,
} from './throttle/throttle-plan.ts';
export { quotaPeriodOf } from './throttle/quota-period.ts';
export { entrySize, type CachedResponse, type ResponseCache } from './cache/response-cache.ts';
export {
  BYPASS,
  CachePolicy,
  MAX_CACHE_TTL_SECONDS,
  type CacheDecision,
  type CacheRequest,
} from './cache/cache-policy.ts';
export {
  DEFAULT_CACHE_MAX_BYTES,
  DEFAULT_CACHE_MAX_ENTRIES,
  MemoryResponseCache,
  type MemoryResponseCacheOptions,
} from './cache/memory-response-cache.ts';
export {
  DEFAULT_CACHE_KEY_PREFIX,
  RedisResponseCache,
  type RedisResponseCacheOptions,
} from './cache/redis-response-cache.ts';
export {
  OpenApiValidator,
  VALID,
  type FieldProblem,
  type RequestToValidate,
  type ValidationOutcome,
} from './validation/openapi-validator.ts';
export {
  DEFAULT_DOCUMENT_REFRESH_MS,
  OPENAPI_DOCUMENT_PATH,
  OpenApiDocuments,
  type OpenApiDocumentsOptions,
} from './validation/openapi-documents.ts';
export {
  CANARY_SUFFIX,
  CanaryRouter,
  routingSnapshotSchema,
  type CanaryRouterOptions,
  type ServiceRouting,
} from './canary/canary-router.ts';
export {
  ALLOW,
  BODY_INSPECTION_BYTES,
  DEFAULT_COUNTRY_HEADER,
  DEFAULT_RATE_EXEMPT_IPS,
  WebAcl,
  type WafConfig,
  type WafLocation,
  type WafRequest,
  type WafVerdict,
  type WebAclOptions,
} from './waf/web-acl.ts';
export { IpRateLimiter, RATE_WINDOW_MS } from './waf/ip-rate-limiter.ts';
export { detectSqli, type Detection } from './waf/sqli-detector.ts';
export { detectXss } from './waf/xss-detector.ts';
