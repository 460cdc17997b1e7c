/** The edge: CloudFront + WAF on AWS. */
import { z } from 'zod';
import { positiveInt } from './primitives.ts';

/** The public entry's screening (CloudFront + WAF on AWS, the edge locally). */
export const edgeSchema = z.object({
  waf: z.object({
    managedRuleGroups: z.array(z.enum(['common', 'sqli', 'known-bad-inputs'])).default([]),
    /** Requests per IP in a 5-minute window, as a WAF rate-based rule counts them. */
    rateLimitPerIpPer5Min: positiveInt.optional(),
    geo: z
      .object({
        allowCountries: z.array(z.string().length(2)).min(1),
        /** Header carrying the viewer's ISO country code. @default 'cloudfront-viewer-country' */
        countryHeader: z
          .string()
          .regex(/^[a-z0-9-]+$/, 'must be a lower-case header name')
          .optional(),
      })
      .optional(),
    maxBodyBytes: positiveInt.default(8192),
  }),
});
