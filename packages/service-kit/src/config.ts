/**
 * Configuration from the environment, validated once at start. A bad or missing variable stops the
 * service before it listens, with a message that names the variable.
 */
import { ENV } from '@dwp/platform';
import { z } from 'zod';

export class ConfigError extends Error {
  static readonly code = 'SVC_ERR_CONFIG_INVALID';
  readonly code = ConfigError.code;
  readonly variables: readonly string[];
  constructor(service: string, problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(`${service}: invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.variables = problems.map((p) => p.variable);
  }
}

const port = z.coerce.number().int().min(0).max(65535);

/** Variables every service reads. */
export const baseConfigSchema = z.object({
  [ENV.port]: port.optional(),
  [ENV.host]: z.string().default('0.0.0.0'),
  [ENV.logLevel]: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  [ENV.discoveryMode]: z.enum(['registry', 'dns']).default('dns'),
  [ENV.discoveryRegistryUrl]: z.url().optional(),
  /** Milliseconds a stopping service waits for in-flight requests (ECS stopTimeout is 30 s). */
  [ENV.stopTimeoutMs]: z.coerce.number().int().positive().default(10_000),
  /** Instance id the runtime gave this replica, for logs and metrics. */
  [ENV.instanceId]: z.string().optional(),
});
export type BaseConfig = z.output<typeof baseConfigSchema>;

export function loadConfig<S extends z.ZodObject>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    service,
    parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(env)'), message: i.message })),
  );
}
