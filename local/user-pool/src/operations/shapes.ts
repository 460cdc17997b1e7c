/** Request fields several Cognito operations share, shaped as Cognito checks them. */
import { z } from 'zod';

export const attributes = z.array(z.object({ Name: z.string().min(1), Value: z.string() })).default([]);
export const username = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, 'must not contain spaces');
/** Cognito's `SessionType`: 20 to 2048 characters. */
export const session = z.string().min(20).max(2048);
export const mfaPreference = z
  .object({ Enabled: z.boolean().optional(), PreferredMfa: z.boolean().optional() })
  .optional();
