/**
 * The checks the edge makes on a request's head once Node's strict parser has accepted it, for what
 * that parser lets through: the header count, the target's length and form, the Host header
 * (RFC 9112 section 3.2), TRACE, and the transfer codings (RFC 9112 section 6.1). Pure: it reads the
 * head and says what to refuse, or what to route on.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { EdgeErrorCode } from './edge-errors.ts';
import type { EdgeLimits } from './edge-limits.ts';
import { isValidHost, readRequestTarget, type ReadTarget } from './request-target.ts';

export interface RequestHead {
  readonly method: string;
  readonly httpVersion: string;
  readonly url: string;
  /** Name, value, name, value, ... as they arrived: duplicates kept, unlike `headers`. */
  readonly rawHeaders: readonly string[];
  readonly headers: IncomingHttpHeaders;
}

export type HeadVerdict =
  | { readonly ok: false; readonly code: EdgeErrorCode }
  | {
      readonly ok: true;
      readonly target: Extract<ReadTarget, { ok: true }>;
      /** The host the request is for: the absolute-form target's, else the Host header's. */
      readonly host: string | undefined;
    };

/** Methods the edge answers itself with 405, as the ALB does for TRACE (CONNECT never gets here). */
const REFUSED_METHODS: ReadonlySet<string> = new Set(['TRACE', 'CONNECT']);

function hostLines(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i]!.toLowerCase() === 'host') values.push(rawHeaders[i + 1]!);
  return values;
}

function transferCodingVerdict(head: RequestHead): EdgeErrorCode | undefined {
  const te = head.headers['transfer-encoding'];
  if (te === undefined) return undefined;
  // RFC 9112 section 6.1: an HTTP/1.0 message with Transfer-Encoding MUST be treated as faulty framing.
  if (head.httpVersion === '1.0') return 'EDGE_ERR_AMBIGUOUS_FRAMING';
  const codings = te
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
  // Node's parser has made sure chunked is the final coding; chunked twice is a smuggling attempt.
  if (codings.filter((c) => c === 'chunked').length > 1) return 'EDGE_ERR_AMBIGUOUS_FRAMING';
  return codings.length === 1 ? undefined : 'EDGE_ERR_TRANSFER_CODING';
}

export function checkRequestHead(head: RequestHead, limits: EdgeLimits): HeadVerdict {
  if (head.rawHeaders.length / 2 > limits.maxHeaderCount) return { ok: false, code: 'EDGE_ERR_TOO_MANY_HEADERS' };
  if (head.url.length > limits.maxUrlBytes) return { ok: false, code: 'EDGE_ERR_URL_TOO_LONG' };
  const hosts = hostLines(head.rawHeaders);
  if (hosts.length > 1) return { ok: false, code: 'EDGE_ERR_HOST_DUPLICATE' };
  const host = hosts[0]?.trim();
  if (host === undefined && head.httpVersion !== '1.0' && head.httpVersion !== '0.9')
    return { ok: false, code: 'EDGE_ERR_HOST_MISSING' };
  if (host !== undefined && !isValidHost(host)) return { ok: false, code: 'EDGE_ERR_HOST_INVALID' };
  if (REFUSED_METHODS.has(head.method)) return { ok: false, code: 'EDGE_ERR_METHOD_NOT_ALLOWED' };
  const target = readRequestTarget(head.method, head.url);
  if (!target.ok) return { ok: false, code: target.code };
  const coding = transferCodingVerdict(head);
  if (coding) return { ok: false, code: coding };
  if (target.form === 'asterisk') return { ok: true, target, host };
  return { ok: true, target, host: target.authority ?? host };
}
