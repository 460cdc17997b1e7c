/**
 * Walks a value as an HTML5 parser would see it, in the manner of libinjection's HTML5 mode: tags
 * with their attributes (name and value), from a given starting state. A value can land in a page
 * as text (`data`), inside a quoted attribute value (the value's first `"`, `'` or backtick ends
 * it, and what follows is read as more attributes of that tag), inside an unquoted value (ended by
 * whitespace), or in a tag's attribute list. The walk moves forward only; each character is read
 * once, plus a bounded look at the start of each tag (the meter counts both).
 */
import type { ScanMeter } from './scan-meter.ts';

export type HtmlContext = 'data' | '"' | "'" | '`' | 'unquoted' | 'attributes';

export interface HtmlVisitor {
  /** A start or end tag's name (lower-cased, as written, `svg:svg` included); return true to stop. */
  tag(name: string, at: number): boolean;
  /** An attribute of the current tag; `value` is undefined when it has none. Return true to stop. */
  attribute(name: string, value: string | undefined, at: number): boolean;
  /** Markup declarations and processing instructions (`<!doctype`, `<?xml`, `<!--[if`); return true to stop. */
  declaration(text: string, at: number): boolean;
}

/** The longest tag or attribute name looked at whole; longer names are cut (no real one is this long). */
const MAX_NAME = 64;
/** How much of a declaration (`<!...`, `<?...`) the visitor sees. */
const DECLARATION_PEEK = 24;

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Where the walk starts in `s` for a context, and whether it starts inside a tag; undefined if the context cannot apply. */
function start(s: string, context: HtmlContext): { at: number; inTag: boolean } | undefined {
  switch (context) {
    case 'data':
      return { at: 0, inTag: false };
    case 'attributes':
      return { at: 0, inTag: true };
    case '"':
    case "'":
    case '`': {
      const q = s.indexOf(context);
      return q === -1 ? undefined : { at: q + 1, inTag: true };
    }
    case 'unquoted': {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (isSpace(c)) return { at: i, inTag: true };
        if (c === 62 /* > */) return { at: i + 1, inTag: false };
      }
      return undefined;
    }
    default:
      throw new Error(`Unexpected HTML context ${String(context)}`);
  }
}

/** Walks `s` from the context's starting state, calling the visitor; returns true if the visitor stopped it. */
export function walkHtml(s: string, context: HtmlContext, visitor: HtmlVisitor, meter: ScanMeter): boolean {
  const begin = start(s, context);
  if (!begin) return false;
  const n = s.length;
  let i = begin.at;
  let inTag = begin.inTag;
  while (i < n) {
    meter.steps++;
    if (!inTag) {
      const lt = s.indexOf('<', i);
      if (lt === -1) {
        meter.steps += n - i;
        return false;
      }
      meter.steps += lt - i;
      i = lt + 1;
      const c = s.charCodeAt(i);
      if (c === 33 /* ! */ || c === 63 /* ? */ || (c === 47 /* / */ && !isLetter(s.charCodeAt(i + 1)))) {
        // Comments, declarations and processing instructions run to the next `>` (`-->` for comments).
        if (visitor.declaration(s.slice(i, i + DECLARATION_PEEK), lt)) return true;
        const close = s.startsWith('!--', i) ? s.indexOf('-->', i + 3) : s.indexOf('>', i);
        const end = close === -1 ? n : close + (s.startsWith('!--', i) ? 3 : 1);
        meter.steps += end - i;
        i = end;
        continue;
      }
      if (c === 47) i++;
      if (!isLetter(s.charCodeAt(i))) continue;
      let j = i;
      while (j < n && j - i < MAX_NAME) {
        const d = s.charCodeAt(j);
        if (isSpace(d) || d === 47 || d === 62 || d === 60 /* < */) break;
        meter.steps++;
        j++;
      }
      if (visitor.tag(s.slice(i, j), lt)) return true;
      i = j;
      inTag = true;
      continue;
    }
    // Inside a tag: attributes until `>`.
    const c = s.charCodeAt(i);
    if (isSpace(c) || c === 47) {
      i++;
      continue;
    }
    if (c === 62) {
      inTag = false;
      i++;
      continue;
    }
    if (c === 60) {
      // A `<` inside a tag starts over as text: what follows may be a new tag.
      inTag = false;
      continue;
    }
    const nameStart = i;
    // An attribute name runs to whitespace, `/`, `>` or `=` (a leading `=` belongs to the name).
    i++;
    while (i < n) {
      const d = s.charCodeAt(i);
      if (isSpace(d) || d === 47 || d === 62 || d === 61 /* = */ || d === 60) break;
      meter.steps++;
      i++;
    }
    const name = s.slice(nameStart, Math.min(i, nameStart + MAX_NAME));
    let j = i;
    while (j < n && isSpace(s.charCodeAt(j))) {
      meter.steps++;
      j++;
    }
    if (s.charCodeAt(j) !== 61) {
      if (visitor.attribute(name, undefined, nameStart)) return true;
      continue;
    }
    j++;
    while (j < n && isSpace(s.charCodeAt(j))) {
      meter.steps++;
      j++;
    }
    const q = s.charCodeAt(j);
    let value: string;
    if (q === 34 || q === 39 || q === 96) {
      const close = s.indexOf(s[j]!, j + 1);
      const end = close === -1 ? n : close;
      meter.steps += end - j;
      value = s.slice(j + 1, end);
      i = close === -1 ? n : close + 1;
    } else {
      let k = j;
      while (k < n && !isSpace(s.charCodeAt(k)) && s.charCodeAt(k) !== 62) {
        meter.steps++;
        k++;
      }
      value = s.slice(j, k);
      i = k;
    }
    if (visitor.attribute(name, value, nameStart)) return true;
  }
  return false;
}
