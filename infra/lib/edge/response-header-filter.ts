/**
 * What CloudFront takes out of every answer before it leaves AWS (seed 000 "Response filtering"):
 * the headers that say how the platform is built, as the gateway emulator removes them locally
 * (`INTERNAL_RESPONSE_HEADERS` in @dwp/gateway-core; the parity test holds the two lists equal).
 * A response headers policy removes exact names only, so the emulator's `x-dwp-*` prefix rule has
 * no counterpart here; no service sends an `x-dwp-*` response header (they are request headers
 * the gateway signs for services).
 */
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';

/** Response headers removed at the edge, lower-case. */
export const REMOVED_RESPONSE_HEADERS: readonly string[] = ['server', 'x-powered-by'];

export function responseHeaderFilter(
  scope: Construct,
  id: string,
  platformName: string,
): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: `${platformName}: removes headers that name the platform's parts from every response`,
    removeHeaders: [...REMOVED_RESPONSE_HEADERS],
  });
}
