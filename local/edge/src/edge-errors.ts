/**
 * Every answer the edge gives itself rather than forwarding, in one catalogue: a stable code a
 * program can read, the status the AWS service (or the RFC) documents for the case, and a message
 * that says what to send instead. Messages carry no full stop: the HTML page adds one.
 */
import type { EdgeLimits } from './edge-limits.ts';

export interface EdgeRefusal {
  readonly status: number;
  readonly code: EdgeErrorCode;
  readonly message: string;
}

/** What a message may say about the limits in force and the body limit. */
export interface RefusalContext extends EdgeLimits {
  readonly maxBodyBytes: number;
}

/** `20 KB`, `10 MB`: how a limit reads in a message. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1_048_576 && bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MB`;
  if (bytes >= 1_024 && bytes % 1_024 === 0) return `${bytes / 1_024} KB`;
  return `${bytes} bytes`;
}

interface Entry {
  readonly status: number;
  readonly message: (c: RefusalContext) => string;
}

const CATALOGUE = {
  // Parsing: the request could not be read as HTTP/1.1 (RFC 9112), so it is never forwarded.
  EDGE_ERR_MALFORMED_REQUEST: { status: 400, message: () => 'The request is not valid HTTP/1.1' },
  EDGE_ERR_BAD_METHOD: { status: 400, message: () => 'The request method is not one HTTP defines' },
  EDGE_ERR_BAD_HEADER: {
    status: 400,
    message: () => 'A header name or value has characters HTTP does not allow (RFC 9110 section 5)',
  },
  // Request smuggling (RFC 9112 section 6.3): the edge refuses rather than guess where the body ends.
  EDGE_ERR_AMBIGUOUS_FRAMING: {
    status: 400,
    message: () =>
      'The body length is ambiguous: send one valid Content-Length, or Transfer-Encoding: chunked without Content-Length',
  },
  // RFC 9112 section 6.1 suggests 501 for a coding the server does not understand; bad input gets
  // a 4xx here, as everywhere on the platform, and the request is refused either way.
  EDGE_ERR_TRANSFER_CODING: {
    status: 400,
    message: () => 'The only transfer coding the edge accepts is chunked; use Content-Encoding to compress',
  },
  // RFC 9110 would allow 505; bad input gets a 4xx here, as everywhere on the platform.
  EDGE_ERR_HTTP2_PRIOR_KNOWLEDGE: {
    status: 400,
    message: () => 'This port speaks HTTP/1.1; HTTP/2 must be negotiated (ALPN), not assumed',
  },
  // Host (RFC 9112 section 3.2): missing on HTTP/1.1, repeated or malformed is 400.
  EDGE_ERR_HOST_MISSING: { status: 400, message: () => 'An HTTP/1.1 request needs a Host header' },
  EDGE_ERR_HOST_DUPLICATE: { status: 400, message: () => 'The request has more than one Host header' },
  EDGE_ERR_HOST_INVALID: { status: 400, message: () => 'The Host header is not a valid host name and port' },
  // The request-target: what the edge routes on.
  EDGE_ERR_BAD_TARGET: {
    status: 400,
    message: () => 'The request target must be a path (or an http or https URL) without a fragment',
  },
  EDGE_ERR_BAD_PATH: {
    status: 400,
    message: () =>
      'The path has an encoded slash, backslash or control character, or a broken percent-encoding; send the plain path',
  },
  EDGE_ERR_METHOD_NOT_ALLOWED: { status: 405, message: () => 'The edge does not accept TRACE or CONNECT' },
  // Sizes and time (CloudFront quotas, AWS WAF, the ALB's 408).
  EDGE_ERR_URL_TOO_LONG: {
    status: 414,
    message: (c) => `The web address is longer than ${describeBytes(c.maxUrlBytes)}; send long data in the body`,
  },
  EDGE_ERR_HEADERS_TOO_LARGE: {
    status: 431,
    message: (c) =>
      `The request line and headers are larger than ${describeBytes(c.maxHeadBytes)}; send fewer or smaller headers or cookies`,
  },
  EDGE_ERR_TOO_MANY_HEADERS: {
    status: 431,
    message: (c) => `The request has more than ${c.maxHeaderCount} headers; send fewer`,
  },
  EDGE_ERR_BODY_TOO_LARGE: {
    status: 413,
    message: (c) => `What you sent is larger than ${describeBytes(c.maxBodyBytes)}`,
  },
  EDGE_ERR_CHUNK_EXTENSIONS_TOO_LARGE: {
    status: 413,
    message: () => 'The chunk extensions in the body are too large; send chunks without extensions',
  },
  EDGE_ERR_HEADERS_TIMEOUT: {
    status: 408,
    message: (c) => `The request headers did not arrive within ${c.headersTimeoutMs / 1_000} seconds`,
  },
  EDGE_ERR_BODY_TIMEOUT: {
    status: 408,
    message: (c) => `The request did not arrive in full within ${c.requestTimeoutMs / 1_000} seconds`,
  },
  // The web ACL and the targets (unchanged from before this catalogue).
  EDGE_ERR_WAF_BLOCKED: { status: 403, message: () => 'The request was blocked by the web application firewall' },
  EDGE_ERR_NO_HEALTHY_TARGET: { status: 503, message: () => 'No healthy target is available; try again shortly' },
  EDGE_ERR_TARGET_TIMEOUT: { status: 504, message: () => 'The target did not answer in time' },
  EDGE_ERR_BAD_GATEWAY: { status: 502, message: () => 'The target failed to answer' },
} as const satisfies Record<string, Entry>;

export type EdgeErrorCode = keyof typeof CATALOGUE;

export function refusal(code: EdgeErrorCode, context: RefusalContext): EdgeRefusal {
  const entry: Entry = CATALOGUE[code];
  return { status: entry.status, code, message: entry.message(context) };
}
