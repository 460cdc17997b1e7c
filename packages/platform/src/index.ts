export { definePlatform } from './define-platform.ts';
export { PlatformDefinitionError, type DefinitionIssue } from './errors.ts';
export { FARGATE_MEMORY_BY_CPU, FARGATE_CPU_UNITS, fargateSizeProblem } from './fargate-sizes.ts';
export * from './queries.ts';
export * from './schema.ts';
export { ENV, dataStoreEnvName } from './runtime-env.ts';
