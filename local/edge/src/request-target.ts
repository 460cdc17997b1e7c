/**
 * How the edge reads a request-target (RFC 9112 section 3.2) before it routes, so that what it
 * routes on is exactly what the target sees:
 * - origin-form (`/path?query`) and absolute-form (`http://host/path?query`, which RFC 9112 section
 *   3.2.2 says a server MUST accept; its host replaces the Host header) are read; `*` only for
 *   OPTIONS; anything else, or a fragment, is 400;
 * - the path is normalised (RFC 3986 section 6.2.2): percent-encoded unreserved characters are
 *   decoded (`%61pi` is `api`, `%2e%2e` is `..`), other escapes upper-cased, runs of `/` merged
 *   (as nginx's `merge_slashes` does, so `//evil.example` is never a protocol-relative URL to a
 *   target), then dot segments removed (section 5.2.4): `/api/../admin` is `/admin`;
 * - escapes that would change what the path means to a target that decodes it are refused, not
 *   normalised: `%2F` and `%5C` (an encoded slash or backslash makes `..%2f` a traversal to such a
 *   target), encoded control characters, a literal backslash, and a `%` not followed by two hex
 *   digits. The query is left as it came: it is the target's to parse.
 * The edge then routes on the normalised path and forwards that path, never the raw one.
 */
import type { EdgeErrorCode } from './edge-errors.ts';

export type ReadTarget =
  | {
      readonly ok: true;
      readonly form: 'origin';
      /** Normalised: what the edge routes on and forwards. */
      readonly path: string;
      /** Without its `?`, as it came; undefined when the target had no `?`. */
      readonly query: string | undefined;
      /** Path and query as they came (for the web ACL, which screens what the client sent). */
      readonly raw: string;
      /** The host of an absolute-form target, which replaces the Host header. */
      readonly authority: string | undefined;
    }
  | { readonly ok: true; readonly form: 'asterisk' }
  | {
      readonly ok: false;
      readonly code: Extract<EdgeErrorCode, 'EDGE_ERR_BAD_TARGET' | 'EDGE_ERR_BAD_PATH' | 'EDGE_ERR_HOST_INVALID'>;
    };

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)(.*)$/is;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
/**
 * A DNS name (letters, digits, `-`, `.`, and `_` for local service names) or an IP literal, with an
 * optional port. RFC 3986 would also allow sub-delimiters and escapes in a reg-name; no DNS name has
 * them, and targets echo the host into links, so the edge refuses them.
 */
const HOST = /^(?:[A-Za-z0-9\-._]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{0,5})?$/;

export function isValidHost(value: string): boolean {
  return HOST.test(value);
}

/** Remove `.` and `..` segments from an absolute path (RFC 3986 section 5.2.4). */
export function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      // A path ending in a dot segment names a directory: `/a/b/..` is `/a/`.
      if (last) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** The normalised form of a raw absolute path, or undefined when the path must be refused. */
export function normalisePath(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') return undefined;
    if (c !== '%') {
      out += c;
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!HEX_PAIR.test(hex)) return undefined;
    const byte = Number.parseInt(hex, 16);
    if (byte === 0x2f || byte === 0x5c || byte < 0x20 || byte === 0x7f) return undefined;
    const decoded = String.fromCharCode(byte);
    out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
    i += 2;
  }
  return removeDotSegments(out.replace(/\/{2,}/g, '/'));
}

/** Read a request-target as Node's parser gave it (`req.url`). */
export function readRequestTarget(method: string, target: string): ReadTarget {
  if (target === '*')
    return method === 'OPTIONS' ? { ok: true, form: 'asterisk' } : { ok: false, code: 'EDGE_ERR_BAD_TARGET' };
  if (target.includes('#')) return { ok: false, code: 'EDGE_ERR_BAD_TARGET' };
  let authority: string | undefined;
  let raw = target;
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute) {
    authority = absolute[1]!;
    if (!isValidHost(authority)) return { ok: false, code: 'EDGE_ERR_HOST_INVALID' };
    raw = absolute[2]!;
    if (raw === '' || raw.startsWith('?')) raw = `/${raw}`;
  }
  if (!raw.startsWith('/')) return { ok: false, code: 'EDGE_ERR_BAD_TARGET' };
  const q = raw.indexOf('?');
  const path = normalisePath(q === -1 ? raw : raw.slice(0, q));
  if (path === undefined) return { ok: false, code: 'EDGE_ERR_BAD_PATH' };
  return { ok: true, form: 'origin', path, query: q === -1 ? undefined : raw.slice(q + 1), raw, authority };
}
