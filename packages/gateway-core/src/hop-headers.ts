/** Headers that belong to one connection (RFC 9110 7.6.1) and never cross a proxy. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

export type HeaderMap = Record<string, string | string[] | undefined>;

export function endToEnd(headers: HeaderMap, drop: ReadonlySet<string> = new Set()): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const listed =
    typeof headers.connection === 'string'
      ? headers.connection
          .toLowerCase()
          .split(',')
          .map((s) => s.trim())
      : [];
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || drop.has(k) || listed.includes(k)) continue;
    out[k] = v;
  }
  return out;
}
