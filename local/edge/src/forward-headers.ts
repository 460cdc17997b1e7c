/**
 * The headers the edge sends a target: the client's end-to-end headers, less what only the edge may
 * say. The edge re-frames every body it forwards (it has read it whole), so framing headers never
 * cross; hop-by-hop headers stop here (RFC 9110 section 7.6.1); and what a proxy asserts about the
 * client (X-Forwarded-*, Forwarded) is the edge's to set, never the client's to claim.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { endToEnd } from '@dwp/gateway-core';

/**
 * Dropped from the client's request. `expect` too: the edge answers 100-continue itself and has the
 * whole body by the time it forwards.
 */
const DROP: ReadonlySet<string> = new Set(['forwarded', 'traceparent', 'expect']);

/**
 * `routing.http.drop_invalid_header_fields.enabled`, which the CDK app turns on for both ALBs: a
 * header name must match `[-A-Za-z0-9]+`, else it is removed. So `X_Forwarded_For`, which some
 * servers read as X-Forwarded-For, never reaches a target.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
 */
const VALID_NAME = /^[-A-Za-z0-9]+$/;

export interface ForwardContext {
  readonly clientIp: string;
  /** The host the request is for; undefined for an HTTP/1.0 request without one. */
  readonly host: string | undefined;
  readonly traceparent: string;
}

export function forwardedHeaders(
  headers: IncomingHttpHeaders,
  context: ForwardContext,
): Record<string, string | string[]> {
  const out = Object.fromEntries(
    Object.entries(endToEnd(headers, DROP)).filter(
      ([name]) => VALID_NAME.test(name) && !name.startsWith('x-forwarded-'),
    ),
  );
  out['x-forwarded-for'] = context.clientIp;
  out['x-forwarded-proto'] = 'http';
  if (context.host !== undefined) {
    out['x-forwarded-host'] = context.host;
    // An ALB keeps the client's Host header, so the web tier sees the site's own name.
    out.host = context.host;
  }
  out.traceparent = context.traceparent;
  return out;
}
