export { API_GATEWAY_MAX_PAYLOAD_BYTES } from './aws-limits.ts';
export { definePlatform, isPlatform } from './define-platform.ts';
export { PlatformDefinitionError, type DefinitionIssue } from './errors.ts';
export { FARGATE_MEMORY_BY_CPU, FARGATE_CPU_UNITS, fargateSizeProblem } from './fargate-sizes.ts';
export * from './queries.ts';
export * from './schema.ts';
export {
  DEFAULT_REGION,
  DEFAULT_SERVICE_PORT,
  ENV,
  LOCAL_PORTS,
  RUNTIME_ENV,
  dataStoreEnvName,
  envName,
  relyingPartyEnvNames,
  secretEnvName,
  serviceUrlEnvName,
  upstreamEnvNames,
  upstreamEnvNamesFor,
  type EnvName,
  type UpstreamEnvNames,
} from './runtime-env.ts';
export * from './release-plan.ts';
