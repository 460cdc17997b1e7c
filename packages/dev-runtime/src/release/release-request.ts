/** The body of `POST /v1/releases`, checked. Pure. */
import { ENV } from '@dwp/platform';
import { z } from 'zod';
import { REHEARSAL_STRATEGIES } from './rehearsal-plan.ts';

/** How long a new set may take to become healthy before the release gives up on it. @default */
export const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;

/** Variables the runtime gives each instance itself: a release may not change them. */
const RUNTIME_OWNED: ReadonlySet<string> = new Set([ENV.port, ENV.host, ENV.instanceId, ENV.serviceName]);

export const releaseRequestSchema = z.strictObject({
  service: z.string().min(1).max(100),
  strategy: z.enum(REHEARSAL_STRATEGIES).optional(),
  /** What the new task definition changes. */
  env: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not an environment variable name')
        .refine((name) => !RUNTIME_OWNED.has(name), 'is set by the runtime for each instance')
        // NODE_OPTIONS and friends would run other code in the runtime's Node, not the service's.
        .refine((name) => !name.toUpperCase().startsWith('NODE_'), 'changes how Node starts, not the service'),
      z.string().max(4096),
    )
    .default({}),
  /** Real milliseconds per definition minute. */
  minuteMs: z.number().int().min(10).max(60_000).optional(),
  healthTimeoutMs: z.number().int().min(1000).max(600_000).default(DEFAULT_HEALTH_TIMEOUT_MS),
});
export type ReleaseRequest = z.output<typeof releaseRequestSchema>;
