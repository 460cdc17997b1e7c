/**
 * Turns an inspected value into the forms attackers hide payloads in, as WAF text transformations
 * do (URL_DECODE twice, HTML_ENTITY_DECODE, COMPRESS_WHITE_SPACE, LOWERCASE, comment removal).
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  colon: ':',
  lpar: '(',
  rpar: ')',
  sol: '/',
  tab: '\t',
  newline: '\n',
};

export function urlDecode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

export function htmlEntityDecode(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The decoded, lower-cased forms of a value worth inspecting (deduplicated). */
export function inspectionForms(value: string): string[] {
  const once = urlDecode(value);
  const twice = urlDecode(once);
  const entities = htmlEntityDecode(twice);
  // Unicode escapes (\u003c) as JSON and JavaScript carry them.
  const unescaped = entities.replace(/\\u([0-9a-f]{4})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const lower = unescaped.toLowerCase().replace(/\0/g, '');
  const forms = new Set([lower, lower.replace(/\s+/g, ' ')]);
  return [...forms];
}
