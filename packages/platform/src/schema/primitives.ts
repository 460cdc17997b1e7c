/**
 * The shape of a platform definition: the field types every part uses. Field-level rules live in
 * these schema modules; rules that relate one part to another (references, duplicates, Fargate
 * sizes) live in `rules.ts`.
 */
import { z } from 'zod';

export const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case letters, digits and dashes, starting with a letter');
export const positiveInt = z.number().int().positive();
export const percent = z.number().min(0).max(100);
export const httpPath = z.string().regex(/^\/[A-Za-z0-9._~\-/{}+*]*$/, 'must be an absolute URL path');

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export const httpMethod = z.enum(HTTP_METHODS);
/** `ANY` is API Gateway's catch-all method. */
export const routeMethod = z.enum([...HTTP_METHODS, 'ANY']);

export const healthCheckSchema = z.object({
  path: httpPath.default('/health'),
  intervalSeconds: positiveInt.default(30),
  timeoutSeconds: positiveInt.default(5),
  healthyThreshold: positiveInt.default(2),
  unhealthyThreshold: positiveInt.default(5),
});
