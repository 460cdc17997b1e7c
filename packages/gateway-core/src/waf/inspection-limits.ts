/**
 * How much of each request component the stand-in inspects, as AWS WAF does. WAF never sees more
 * than its host forwards: the first 8 KB of the body (Application Load Balancer, AppSync; 16 KB by
 * default for CloudFront, API Gateway and Cognito, configurable up to 64 KB), at most the first 8
 * KB and 200 of the request headers, and likewise 8 KB and 200 of the cookies (AWS WAF Developer
 * Guide, "Oversize web request components"; API reference `Body`, `Headers`, `Cookies`,
 * `OversizeHandling`). What lies beyond is handled by the rule's oversize handling; the stand-in
 * uses the default, CONTINUE: inspect what is available and let the rest through uninspected (the
 * size-constraint rule still refuses bodies over the definition's `maxBodyBytes` with 413).
 * The URI path and the query string have no oversize handling in WAF, but CloudFront refuses a URL
 * longer than 8,192 bytes before WAF sees it, so neither can exceed that; the stand-in caps each at
 * that length rather than trust the local server's limit.
 *
 * With the detectors linear in their input (see scan-meter.ts), these caps bound the work one
 * request can cost the edge: at most 8 KB of path, query, headers, cookies and body each.
 */

/** WAF inspects at most this much of a body (the ALB / regional limit). */
export const BODY_INSPECTION_BYTES = 8 * 1024;
/** WAF inspects at most this much of the request headers, all of them together. */
export const HEADER_INSPECTION_BYTES = 8 * 1024;
/** ...and at most this many headers. */
export const MAX_INSPECTED_HEADERS = 200;
/** WAF inspects at most this much of the cookies, all of them together. */
export const COOKIE_INSPECTION_BYTES = 8 * 1024;
/** ...and at most this many cookies. */
export const MAX_INSPECTED_COOKIES = 200;
/** CloudFront's longest URL: the most of the path, and of the query string, there can be to inspect. */
export const URI_INSPECTION_BYTES = 8 * 1024;

/**
 * Hands out a component's inspection allowance: each value gets what is left of the byte budget
 * (cut to fit, as the host forwards a truncated last header) until the bytes or the count run out.
 */
export class InspectionBudget {
  #bytes: number;
  #items: number;

  constructor(bytes: number, items: number) {
    this.#bytes = bytes;
    this.#items = items;
  }

  /** The part of `value` still within the allowance, or undefined once it is spent. */
  take(value: string): string | undefined {
    if (this.#items <= 0 || this.#bytes <= 0) return undefined;
    this.#items--;
    // Characters stand in for bytes: a UTF-8 byte limit would only ever keep less.
    const part = value.length <= this.#bytes ? value : value.slice(0, this.#bytes);
    this.#bytes -= part.length;
    return part;
  }
}
