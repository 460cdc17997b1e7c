/** The VPC and the load balancers. */
import { z } from 'zod';
import { name } from './primitives.ts';

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
