/**
 * The local stand-in for the WAF web ACL in front of CloudFront, read from `edge.waf` in the
 * definition. Rules run in the order a web ACL would: size constraint (413), the rate-based rule
 * per IP, geo match on the viewer-country header, then the managed SQL-injection and XSS groups
 * over the URI path, query, headers and body (the first 8 KiB, as WAF inspects bodies).
 */
import type { Platform } from '@dwp/platform';
import type { Clock } from '@dwp/clock';
import { IpRateLimiter } from './ip-rate-limiter.ts';
import { detectSqli, type Detection } from './sqli-detector.ts';
import { detectXss } from './xss-detector.ts';

export type WafConfig = NonNullable<Platform['edge']>['waf'];

/** CloudFront's viewer-country header. */
export const DEFAULT_COUNTRY_HEADER = 'cloudfront-viewer-country';
/** WAF inspects at most this much of a body (the ALB / regional default). */
export const BODY_INSPECTION_BYTES = 8 * 1024;
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

const TEXT_BODY = /^(?:application\/(?:[\w.+-]*\+)?json|application\/x-www-form-urlencoded|text\/|application\/xml)/i;

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
    const path = q === -1 ? req.url : req.url.slice(0, q);
    const found = this.#inspect(path, 'path');
    if (found) return found;
    if (q !== -1) {
      for (const pair of req.url.slice(q + 1).split('&')) {
        const hit = this.#inspect(pair, 'query');
        if (hit) return hit;
      }
    }
    for (const name in req.headers) {
      if (UNSCREENED_HEADERS.has(name)) continue;
      const v = req.headers[name];
      if (v === undefined) continue;
      const hit = this.#inspect(Array.isArray(v) ? v.join(', ') : v, 'header', name);
      if (hit) return hit;
    }
    return ALLOW;
  }

  /** Rules on the body (its first 8 KiB; JSON screened value by value). */
  screenBody(contentType: string | undefined, body: Buffer): WafVerdict {
    if (body.length > this.maxBodyBytes)
      return { action: 'block', status: 413, rule: 'size.body', detail: `${body.length} bytes > ${this.maxBodyBytes}` };
    if ((!this.#sqli && !this.#xss) || body.length === 0 || (contentType !== undefined && !TEXT_BODY.test(contentType)))
      return ALLOW;
    const text = body.subarray(0, BODY_INSPECTION_BYTES).toString('utf8');
    if (contentType !== undefined && /json/i.test(contentType) && body.length <= BODY_INSPECTION_BYTES) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return this.#inspect(text, 'body') ?? ALLOW;
      }
      return this.#inspectJson(parsed) ?? ALLOW;
    }
    if (contentType !== undefined && /urlencoded/i.test(contentType)) {
      for (const pair of text.split('&')) {
        const hit = this.#inspect(pair, 'body');
        if (hit) return hit;
      }
      return ALLOW;
    }
    return this.#inspect(text, 'body') ?? ALLOW;
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
