/**
 * Turns an inspected value into the form attackers hide payloads behind, as AWS WAF's text
 * transformations do (URL_DECODE twice, HTML_ENTITY_DECODE, JS_DECODE, CSS_DECODE, LOWERCASE,
 * NUL removal). Every function is one pass over its input with no regular expression, so the
 * cost is linear in the value's length whatever it holds (`%25` chains, runs of `&`).
 */
import { ScanMeter } from './scan-meter.ts';

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['amp', '&'],
  ['colon', ':'],
  ['semi', ';'],
  ['comma', ','],
  ['period', '.'],
  ['lpar', '('],
  ['rpar', ')'],
  ['lsqb', '['],
  ['rsqb', ']'],
  ['lbrack', '['],
  ['rbrack', ']'],
  ['lcub', '{'],
  ['rcub', '}'],
  ['sol', '/'],
  ['bsol', '\\'],
  ['excl', '!'],
  ['quest', '?'],
  ['num', '#'],
  ['equals', '='],
  ['plus', '+'],
  ['ast', '*'],
  ['grave', '`'],
  ['dollar', '$'],
  ['percnt', '%'],
  ['tab', '\t'],
  ['newline', '\n'],
  ['nbsp', ' '],
]);
/** The longest entity name above: a longer run of letters after `&` is not an entity. */
const MAX_ENTITY_NAME = 8;

const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const hexValue = (c: number) => (c <= 57 ? c - 48 : (c | 32) - 87);

const isContinuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/**
 * A byte run that is no UTF-8. Overlong forms (`%c0%a7`, `%e0%80%a7`) are read as the character
 * they encode, as lenient decoders (old IIS, some Java and PHP stacks) read them, since that is
 * what they are sent for: `'` past a filter that looks for `%27`. Any other byte is Latin-1, as
 * MySQL's default charset reads it (`%a0` is its no-break space, which separates keywords:
 * `1%a0or%a01=1`).
 */
function overlongOrLatin1(bytes: readonly number[], meter: ScanMeter): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    meter.steps++;
    const b = bytes[i]!;
    if ((b === 0xc0 || b === 0xc1) && isContinuation(bytes[i + 1])) {
      out += String.fromCharCode(((b & 0x1f) << 6) | (bytes[i + 1]! & 0x3f));
      i += 1;
    } else if (b === 0xe0 && bytes[i + 1]! >= 0x80 && bytes[i + 1]! <= 0x9f && isContinuation(bytes[i + 2])) {
      out += String.fromCharCode(((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
      i += 2;
    } else out += String.fromCharCode(b);
  }
  return out;
}

/**
 * Percent-decoding as a server does it: `%XX` a byte (UTF-8 runs joined), `%uXXXX` (IIS) a code
 * unit, and `+` a space when `plusIsSpace` (form encoding; a second pass leaves a decoded `%2B` be).
 */
export function urlDecode(value: string, meter = new ScanMeter(), plusIsSpace = true): string {
  if (!value.includes('%') && !(plusIsSpace && value.includes('+'))) return value;
  let out = '';
  let bytes: number[] = [];
  // Plain characters are copied a run at a time (one slice, not one string per character).
  let run = 0;
  const emitRun = (upTo: number) => {
    if (upTo > run) out += value.slice(run, upTo);
  };
  const emitBytes = () => {
    if (bytes.length > 0) {
      const utf8 = Buffer.from(bytes).toString('utf8');
      out += utf8.includes('\ufffd') ? overlongOrLatin1(bytes, meter) : utf8;
    }
    bytes = [];
  };
  const n = value.length;
  for (let i = 0; i < n; i++) {
    meter.steps++;
    const c = value.charCodeAt(i);
    if (c === 37 /* % */ && i + 2 < n && isHex(value.charCodeAt(i + 1)) && isHex(value.charCodeAt(i + 2))) {
      // Pending bytes mean the run is empty: no plain character came after them.
      emitRun(i);
      const b = hexValue(value.charCodeAt(i + 1)) * 16 + hexValue(value.charCodeAt(i + 2));
      if (b < 0x80) {
        emitBytes();
        out += String.fromCharCode(b);
      } else bytes.push(b);
      i += 2;
      run = i + 1;
      continue;
    }
    if (
      c === 37 &&
      (value.charCodeAt(i + 1) | 32) === 117 /* u */ &&
      i + 5 < n &&
      isHex(value.charCodeAt(i + 2)) &&
      isHex(value.charCodeAt(i + 3)) &&
      isHex(value.charCodeAt(i + 4)) &&
      isHex(value.charCodeAt(i + 5))
    ) {
      emitBytes();
      emitRun(i);
      out += String.fromCharCode(parseInt(value.slice(i + 2, i + 6), 16));
      i += 5;
      run = i + 1;
      continue;
    }
    emitBytes();
    if (c === 43 /* + */ && plusIsSpace) {
      emitRun(i);
      out += ' ';
      run = i + 1;
    }
  }
  emitBytes();
  emitRun(n);
  return out;
}

/** HTML character references, named, decimal and hex, with or without the `;` (as HTML5 parsers accept them). */
export function htmlEntityDecode(value: string, meter = new ScanMeter()): string {
  if (!value.includes('&')) return value;
  let out = '';
  const n = value.length;
  let i = 0;
  while (i < n) {
    meter.steps++;
    const amp = value.indexOf('&', i);
    if (amp === -1) {
      meter.steps += n - i;
      out += value.slice(i);
      break;
    }
    meter.steps += amp - i;
    out += value.slice(i, amp);
    i = amp;
    let j = i + 1;
    if (value.charCodeAt(j) === 35 /* # */) {
      j++;
      const hex = (value.charCodeAt(j) | 32) === 120; /* x */
      if (hex) j++;
      const start = j;
      let code = 0;
      // Leading zeros (&#0000106) are allowed; the value is capped so it cannot overflow.
      while (j < n && (hex ? isHex(value.charCodeAt(j)) : value.charCodeAt(j) >= 48 && value.charCodeAt(j) <= 57)) {
        meter.steps++;
        code = Math.min(
          code * (hex ? 16 : 10) + (hex ? hexValue(value.charCodeAt(j)) : value.charCodeAt(j) - 48),
          0x110000,
        );
        j++;
      }
      if (j > start) {
        if (value.charCodeAt(j) === 59 /* ; */) j++;
        out += code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
        i = j;
        continue;
      }
      out += '&';
      i++;
      continue;
    }
    while (j < n && j - i - 1 < MAX_ENTITY_NAME + 1) {
      const d = value.charCodeAt(j) | 32;
      if (d < 97 || d > 122) break;
      meter.steps++;
      j++;
    }
    const named = NAMED_ENTITIES.get(value.slice(i + 1, j).toLowerCase());
    if (named !== undefined) {
      if (value.charCodeAt(j) === 59) j++;
      out += named;
      i = j;
      continue;
    }
    out += '&';
    i++;
  }
  return out;
}

/** An escape read at a backslash: what it stands for, and where the text after it starts. */
type Unescaped = { readonly text: string; readonly end: number } | undefined;

/**
 * Copies `value`, handing each backslash to `decode`; an escape `decode` does not recognise keeps
 * its backslash. One pass: the text between backslashes is copied whole.
 */
function unescapeBackslashes(
  value: string,
  meter: ScanMeter,
  decode: (value: string, at: number) => Unescaped,
): string {
  if (!value.includes('\\')) return value;
  let out = '';
  const n = value.length;
  let i = 0;
  while (i < n) {
    meter.steps++;
    const slash = value.indexOf('\\', i);
    if (slash === -1) {
      meter.steps += n - i;
      out += value.slice(i);
      break;
    }
    meter.steps += slash - i;
    out += value.slice(i, slash);
    const escape = decode(value, slash);
    out += escape ? escape.text : '\\';
    i = escape ? escape.end : slash + 1;
  }
  return out;
}

/** JavaScript and JSON escapes: `\uXXXX`, `\u{X...}` and `\xXX`. */
export function jsUnescape(value: string, meter = new ScanMeter()): string {
  return unescapeBackslashes(value, meter, (v, i): Unescaped => {
    const n = v.length;
    const k = v.charCodeAt(i + 1) | 32;
    if (k === 117 /* u */ && v[i + 2] === '{') {
      let j = i + 3;
      let code = 0;
      while (j < n && j < i + 10 && isHex(v.charCodeAt(j))) {
        meter.steps++;
        code = code * 16 + hexValue(v.charCodeAt(j));
        j++;
      }
      return v[j] === '}' && j > i + 3 && code < 0x110000
        ? { text: String.fromCodePoint(code), end: j + 1 }
        : undefined;
    }
    if (k === 117 || k === 120 /* x */) {
      const len = k === 117 ? 4 : 2;
      let ok = i + 1 + len < n;
      for (let j = 0; ok && j < len; j++) ok = isHex(v.charCodeAt(i + 2 + j));
      if (ok) return { text: String.fromCharCode(parseInt(v.slice(i + 2, i + 2 + len), 16)), end: i + 2 + len };
    }
    return undefined;
  });
}

/** CSS escapes: `\` and one to six hex digits (one trailing space eaten), or `\` and any other character as itself. */
export function cssUnescape(value: string, meter = new ScanMeter()): string {
  return unescapeBackslashes(value, meter, (v, i): Unescaped => {
    const n = v.length;
    let j = i + 1;
    let code = 0;
    while (j < n && j < i + 7 && isHex(v.charCodeAt(j))) {
      meter.steps++;
      code = code * 16 + hexValue(v.charCodeAt(j));
      j++;
    }
    if (j > i + 1) {
      if (v[j] === ' ') j++;
      return { text: code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '', end: j };
    }
    // A backslash at the end or before a newline stands for nothing in CSS.
    return j < n && v[j] !== '\n' ? { text: v.charAt(j), end: j + 1 } : { text: '', end: i + 1 };
  });
}

function lowerWithoutNul(value: string): string {
  const lower = value.toLowerCase();
  return lower.includes('\0') ? lower.split('\0').join('') : lower;
}

/**
 * Fullwidth forms (U+FF01 to U+FF5E) as the ASCII they stand for: SQL Server and IIS fold them
 * "best fit" to ASCII, so `＇ ｏｒ １＝１` reaches the database as `' or 1=1`.
 */
export function foldFullwidth(value: string, meter = new ScanMeter()): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    meter.steps++;
    const c = value.charCodeAt(i);
    if (c < 0xff01 || c > 0xff5e) continue;
    out += value.slice(run, i) + String.fromCharCode(c - 0xfee0);
    run = i + 1;
  }
  return run === 0 ? value : out + value.slice(run);
}

/**
 * Typographic look-alikes of SQL's quotes and minus, as the ASCII they stand for: SQL Server's
 * best-fit conversion to a code page turns `‘` `’` `ʼ` into `'` (the smuggling sqlmap's
 * apostrophemask tamper relies on for the fullwidth form), and payloads copied through a word
 * processor or a forum arrive as `’ or ‘1’=’1` or `' or 1=1–` (its `--` turned into a dash).
 */
const TYPOGRAPHIC: ReadonlyMap<number, string> = new Map([
  [0x2018, "'"], // left single quotation mark
  [0x2019, "'"], // right single quotation mark
  [0x201b, "'"], // single high-reversed-9 quotation mark
  [0x2032, "'"], // prime
  [0x02b9, "'"], // modifier letter prime
  [0x02bc, "'"], // modifier letter apostrophe
  [0x201c, '"'], // left double quotation mark
  [0x201d, '"'], // right double quotation mark
  [0x2033, '"'], // double prime
  [0x02ba, '"'], // modifier letter double prime
  [0x2013, '-'], // en dash
  [0x2014, '-'], // em dash
  [0x2212, '-'], // minus sign
]);

/** Typographic quotes, primes and dashes as the ASCII quote or minus they stand for (see TYPOGRAPHIC). */
export function foldTypographic(value: string, meter = new ScanMeter()): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    meter.steps++;
    const c = value.charCodeAt(i);
    // Everything folded lies in U+02B9..U+2212: one comparison skips the rest.
    if (c < 0x02b9) continue;
    const ascii = TYPOGRAPHIC.get(c);
    if (ascii === undefined) continue;
    out += value.slice(run, i) + ascii;
    run = i + 1;
  }
  return run === 0 ? value : out + value.slice(run);
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/**
 * The form with each `/*...*\/` comment that splits a word (`un/**\/ion`, `sel/*x*\/ect`) taken
 * out, as an application or filter that strips comments before building its query leaves it; or
 * undefined when no comment stands between two letters. SQL itself reads such a comment as a space.
 */
export function joinSplitWords(form: string, meter = new ScanMeter()): string | undefined {
  let out = '';
  let run = 0;
  let from = 0;
  for (;;) {
    meter.steps++;
    const open = form.indexOf('/*', from);
    if (open === -1) break;
    const close = form.indexOf('*/', open + 2);
    if (close === -1) break;
    meter.steps += close + 2 - from;
    if (isLetter(form.charCodeAt(open - 1)) && isLetter(form.charCodeAt(close + 2)) && form[open + 2] !== '!') {
      out += form.slice(run, open);
      run = close + 2;
    }
    from = close + 2;
  }
  return run === 0 ? undefined : out + form.slice(run);
}

/**
 * What the SQL-injection scanner reads: URL-decoded twice (`+` a space the first time unless
 * `plusIsSpace` is false), entities decoded, JS escapes undone, fullwidth and typographic forms
 * folded, lower-cased, NULs dropped.
 */
export function sqlForm(value: string, meter = new ScanMeter(), plusIsSpace = true): string {
  const once = urlDecode(value, meter, plusIsSpace);
  const twice = urlDecode(once, meter, false);
  const decoded = jsUnescape(htmlEntityDecode(twice, meter), meter);
  return lowerWithoutNul(foldTypographic(foldFullwidth(decoded, meter), meter));
}

/** What the XSS scanner reads: the SQL form's decoding plus entities decoded once more (`&amp;lt;`) and CSS escapes undone. */
export function htmlForm(value: string, meter = new ScanMeter()): string {
  const once = urlDecode(value, meter);
  const twice = urlDecode(once, meter, false);
  const entities = htmlEntityDecode(htmlEntityDecode(twice, meter), meter);
  return lowerWithoutNul(cssUnescape(jsUnescape(entities, meter), meter));
}
