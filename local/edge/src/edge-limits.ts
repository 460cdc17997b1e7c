/**
 * How much a client may send the edge, and how slowly, before the edge refuses it. Each default is
 * the number the AWS service the edge stands in for documents (or, where AWS documents none, the
 * number Node documents), so a request refused here would be refused in front of the real thing.
 */
import { InvalidOptionError } from '@dwp/gateway-core';

/**
 * CloudFront quotas: "Maximum length of a request, including headers and query strings, but not
 * including the body content: 20,480 bytes". Node's `maxHeaderSize` counts the same thing (the
 * request line and every header line), so the parser enforces it before any handler runs.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
export const DEFAULT_MAX_HEAD_BYTES = 20_480;

/** CloudFront quotas: "Maximum length of a URL: 8,192 bytes" (same page). */
export const DEFAULT_MAX_URL_BYTES = 8_192;

/**
 * Neither CloudFront nor the ALB documents a header count. AWS WAF does: "The underlying host
 * service forwards a maximum of 200 headers ... to AWS WAF" (HeaderOrder.OversizeHandling), so a
 * request with more would pass the web ACL partly unread. The edge refuses it instead.
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_HeaderOrder.html
 */
export const DEFAULT_MAX_HEADER_COUNT = 200;

/**
 * Node's default `headersTimeout`, and the same minute as the ALB's default idle timeout ("HTTP
 * 408: the client did not send data before the idle timeout period expired"): a client still
 * sending its headers after a minute is holding a connection open, not making a request.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;

/**
 * Node's default `requestTimeout`: the whole request, body included. The ALB documents no limit on
 * the whole request; five minutes lets a 10 MB upload through a slow line and no slower client.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;

/** How often Node looks for requests past their timeouts, at most (Node's own default is 30 s). */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export interface EdgeLimits {
  /** The request line and headers together, in bytes; beyond it 431. @default 20480 (CloudFront) */
  readonly maxHeadBytes: number;
  /** Header lines; beyond it 431. @default 200 (what AWS WAF can inspect) */
  readonly maxHeaderCount: number;
  /** The request-target, in bytes; beyond it 414. @default 8192 (CloudFront) */
  readonly maxUrlBytes: number;
  /** From the connection's first byte to the end of the headers; beyond it 408. @default 60000 */
  readonly headersTimeoutMs: number;
  /** From the first byte to the end of the body; beyond it 408. @default 300000 */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_EDGE_LIMITS: EdgeLimits = Object.freeze({
  maxHeadBytes: DEFAULT_MAX_HEAD_BYTES,
  maxHeaderCount: DEFAULT_MAX_HEADER_COUNT,
  maxUrlBytes: DEFAULT_MAX_URL_BYTES,
  headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
});

/** The limits with defaults filled in, checked once when the edge is created. */
export function resolveLimits(given: Partial<EdgeLimits> = {}): EdgeLimits {
  const limits: EdgeLimits = { ...DEFAULT_EDGE_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits) as [keyof EdgeLimits, number][]) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new InvalidOptionError(`limits.${name}`, `must be a positive whole number, got ${value}`);
  }
  // Node refuses a server whose headers may take longer than the whole request.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new InvalidOptionError(
      'limits.headersTimeoutMs',
      `must not exceed limits.requestTimeoutMs (${limits.requestTimeoutMs}), got ${limits.headersTimeoutMs}`,
    );
  return limits;
}

/**
 * Node checks timeouts on a timer, so a timeout fires up to one interval late: a quarter of the
 * shortest timeout keeps that lateness small (and tests with short timeouts quick).
 */
export function timeoutCheckIntervalMs(limits: EdgeLimits): number {
  return Math.max(
    1,
    Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
  );
}
