/** Environment variables the gateway reads beyond every service's own. */
import { z } from 'zod';

export const gatewayConfigSchema = z.object({
  /** Shared throttle, cache and canary state for every replica (ElastiCache). Unset: in-process. */
  REDIS_URL: z.url().optional(),
  /** Prefix of every Redis key the gateway writes, so environments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/)
    .default('dwp:'),
  /** Bearer token for the canary control endpoints from off-host. Unset: loopback callers only. */
  GATEWAY_ADMIN_TOKEN: z.string().min(16).optional(),
});
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
