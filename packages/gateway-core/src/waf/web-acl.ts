/**
 * The local stand-in for the WAF web ACL in front of CloudFront, read from `edge.waf` in the
 * definition. Rules run in the order a web ACL would: size constraint (413), the rate-based rule
 * per IP, geo match on the viewer-country header, then the managed SQL-injection and XSS groups
 * over the URI path, the query string (parameter by parameter), the headers, the cookies (one by
 * one) and the body (JSON value by value, forms field by field). Each component is inspected only
 * as far as WAF inspects it (inspection-limits.ts: 8 KB of body, 8 KB and 200 of headers and of
 * cookies, CONTINUE beyond), and the detectors are linear in what they read, so no request can hold
 * the edge for long, however it is built.
 */
import type { Platform } from '@dwp/platform';
import type { Clock } from '@dwp/clock';
import { IpRateLimiter } from './ip-rate-limiter.ts';
import {
  BODY_INSPECTION_BYTES,
  COOKIE_INSPECTION_BYTES,
  HEADER_INSPECTION_BYTES,
  InspectionBudget,
  MAX_INSPECTED_COOKIES,
  MAX_INSPECTED_HEADERS,
  URI_INSPECTION_BYTES,
} from './inspection-limits.ts';
import { detectSqli, type Detection } from './sqli-detector.ts';
import { detectXss } from './xss-detector.ts';

export { BODY_INSPECTION_BYTES } from './inspection-limits.ts';

export type WafConfig = NonNullable<Platform['edge']>['waf'];

/** CloudFront's viewer-country header. */
export const DEFAULT_COUNTRY_HEADER = 'cloudfront-viewer-country';
/** Loopback: the developer's own machine, allowed past the rate rule as a WAF IP-set rule would. */
export const DEFAULT_RATE_EXEMPT_IPS: readonly string[] = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

/** Headers whose values are structural (or secret) and not screened for injection. */
const UNSCREENED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'content-type',
  'accept',
  'accept-encoding',
  'accept-language',
  'authorization',
  'traceparent',
  'tracestate',
  'x-request-id',
  'if-none-match',
  'if-modified-since',
  'cache-control',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'sec-fetch-user',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'upgrade-insecure-requests',
  'idempotency-key',
  'x-api-key',
]);

export type WafLocation = 'path' | 'query' | 'header' | 'body';

export type WafVerdict =
  | { readonly action: 'allow' }
  | {
      readonly action: 'block';
      readonly status: 403 | 413;
      readonly rule: string;
      readonly location?: WafLocation;
      readonly detail?: string;
    };

export const ALLOW: WafVerdict = Object.freeze({ action: 'allow' });

export interface WafRequest {
  readonly ip: string;
  /** Raw request target: path and query. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: Buffer;
}

export interface WebAclOptions {
  readonly config: WafConfig;
  readonly clock?: Clock;
  /** IPs the rate-based rule does not count. @default loopback */
  readonly rateExemptIps?: readonly string[];
}

/** The media type of a Content-Type value, lower-cased, without parameters. */
const mediaType = (contentType: string) => {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
};

/** Bodies screened for injection: JSON (and +json), forms, XML and text. Uploads are not. */
function isTextBody(type: string): boolean {
  return (
    type.startsWith('text/') ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/xml' ||
    (type.startsWith('application/') && (type.endsWith('json') || type.endsWith('+xml')))
  );
}

/** `name=value` split at the first `=`; a part without one is all value. */
function splitPair(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  return eq === -1 ? ['', pair] : [pair.slice(0, eq), pair.slice(eq + 1)];
}

export class WebAcl {
  readonly maxBodyBytes: number;
  readonly #sqli: boolean;
  readonly #xss: boolean;
  readonly #rate: IpRateLimiter | undefined;
  readonly #rateExempt: ReadonlySet<string>;
  readonly #countries: ReadonlySet<string> | undefined;
  readonly #countryHeader: string;

  constructor(opts: WebAclOptions) {
    const c = opts.config;
    this.maxBodyBytes = c.maxBodyBytes;
    // The SQLi group screens SQL injection; the common rule set (CRS) carries the XSS rules.
    this.#sqli = c.managedRuleGroups.includes('sqli');
    this.#xss = c.managedRuleGroups.includes('common');
    this.#rate = c.rateLimitPerIpPer5Min
      ? new IpRateLimiter({ limitPer5Min: c.rateLimitPerIpPer5Min, ...(opts.clock ? { clock: opts.clock } : {}) })
      : undefined;
    this.#rateExempt = new Set(opts.rateExemptIps ?? DEFAULT_RATE_EXEMPT_IPS);
    this.#countries = c.geo ? new Set(c.geo.allowCountries.map((x) => x.toUpperCase())) : undefined;
    this.#countryHeader = c.geo?.countryHeader ?? DEFAULT_COUNTRY_HEADER;
  }

  /** Rules that need no body: run as soon as the request head arrives. */
  screenHead(req: Omit<WafRequest, 'body'>): WafVerdict {
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > this.maxBodyBytes)
      return {
        action: 'block',
        status: 413,
        rule: 'size.body',
        detail: `content-length ${length} > ${this.maxBodyBytes}`,
      };
    if (this.#rate && !this.#rateExempt.has(req.ip) && this.#rate.hit(req.ip))
      return { action: 'block', status: 403, rule: 'rate.per-ip' };
    if (this.#countries) {
      const country = req.headers[this.#countryHeader];
      if (typeof country === 'string' && !this.#countries.has(country.toUpperCase()))
        return { action: 'block', status: 403, rule: 'geo.country', detail: country };
    }
    if (!this.#sqli && !this.#xss) return ALLOW;
    const q = req.url.indexOf('?');
    const path = (q === -1 ? req.url : req.url.slice(0, q)).slice(0, URI_INSPECTION_BYTES);
    const found = this.#inspect(path, 'path');
    if (found) return found;
    if (q !== -1) {
      const query = req.url.slice(q + 1, q + 1 + URI_INSPECTION_BYTES);
      const hit = this.#inspectPairs(query, '&', 'query');
      if (hit) return hit;
    }
    return this.#inspectHeaders(req.headers) ?? ALLOW;
  }

  /** Rules on the body (its first 8 KiB; JSON screened value by value). */
  screenBody(contentType: string | undefined, body: Buffer): WafVerdict {
    if (body.length > this.maxBodyBytes)
      return { action: 'block', status: 413, rule: 'size.body', detail: `${body.length} bytes > ${this.maxBodyBytes}` };
    const type = contentType === undefined ? undefined : mediaType(contentType);
    if ((!this.#sqli && !this.#xss) || body.length === 0 || (type !== undefined && !isTextBody(type))) return ALLOW;
    const text = body.subarray(0, BODY_INSPECTION_BYTES).toString('utf8');
    if (type?.endsWith('json') === true && body.length <= BODY_INSPECTION_BYTES) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return this.#inspect(text, 'body') ?? ALLOW;
      }
      return this.#inspectJson(parsed) ?? ALLOW;
    }
    if (type === 'application/x-www-form-urlencoded') return this.#inspectPairs(text, '&', 'body') ?? ALLOW;
    return this.#inspect(text, 'body') ?? ALLOW;
  }

  /** Headers in order within WAF's 8 KB / 200 allowance; cookies one by one within theirs. */
  #inspectHeaders(headers: WafRequest['headers']): WafVerdict | undefined {
    const budget = new InspectionBudget(HEADER_INSPECTION_BYTES, MAX_INSPECTED_HEADERS);
    for (const name in headers) {
      const raw = headers[name];
      if (raw === undefined || UNSCREENED_HEADERS.has(name)) continue;
      const value = budget.take(Array.isArray(raw) ? raw.join(name === 'cookie' ? '; ' : ', ') : raw);
      if (value === undefined) return undefined;
      const hit = name === 'cookie' ? this.#inspectCookies(value) : this.#inspect(value, 'header', name);
      if (hit) return hit;
    }
    return undefined;
  }

  #inspectCookies(header: string): WafVerdict | undefined {
    const budget = new InspectionBudget(COOKIE_INSPECTION_BYTES, MAX_INSPECTED_COOKIES);
    for (const cookie of header.split(';')) {
      const part = budget.take(cookie.trim());
      if (part === undefined) return undefined;
      const [name, value] = splitPair(part);
      const hit = this.#inspect(value, 'header', `cookie ${name}`) ?? this.#inspect(name, 'header', 'cookie');
      if (hit) return hit;
    }
    return undefined;
  }

  /** A query string or form body, parameter by parameter: the value, then the name. */
  #inspectPairs(text: string, separator: string, location: WafLocation): WafVerdict | undefined {
    for (const pair of text.split(separator)) {
      if (pair.length === 0) continue;
      const [name, value] = splitPair(pair);
      const hit = this.#inspect(value, location) ?? this.#inspect(name, location);
      if (hit) return hit;
    }
    return undefined;
  }

  #inspectJson(value: unknown): WafVerdict | undefined {
    if (typeof value === 'string') return this.#inspect(value, 'body');
    if (Array.isArray(value)) {
      for (const v of value) {
        const hit = this.#inspectJson(v);
        if (hit) return hit;
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const hit = this.#inspect(k, 'body') ?? this.#inspectJson(v);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  #inspect(value: string, location: WafLocation, name?: string): WafVerdict | undefined {
    let d: Detection | undefined;
    if (this.#sqli) d = detectSqli(value);
    if (!d && this.#xss) d = detectXss(value);
    if (!d) return undefined;
    return { action: 'block', status: 403, rule: d.rule, location, detail: `${name ? `${name}: ` : ''}${d.matched}` };
  }
}
