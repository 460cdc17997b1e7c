/**
 * Reads a value as SQL, in the manner of libinjection: one pass that cuts it into strings, numbers,
 * words, variables, operators and punctuation, dropping whitespace and comments (but remembering
 * where a comment stood, since a comment that cuts off the rest of a query is what many injections
 * end with). MySQL's executable comments (`/*!50000union*\/`) are read as the SQL they hold.
 *
 * A value lands in a query in one of three places: bare (a number), or inside a '...' or "..."
 * string. `tokenize(form, "'")` reads it as the tail of an open single-quoted string: the first
 * token is that string, ended by the value's first unescaped quote, and what follows is what the
 * attacker wrote as SQL.
 *
 * Each character is looked at a bounded number of times; the meter counts them.
 */
import { ScanMeter } from './scan-meter.ts';

export type SqlContext = 'bare' | "'" | '"';

export type TokenKind = 'str' | 'num' | 'word' | 'var' | 'op' | '(' | ')' | ',' | ';' | 'other' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Lower-cased text; for a string, its content without the quotes. */
  readonly text: string;
  /** For a string, its quote character. */
  readonly quote: string;
  /** A string whose closing quote is in the value. */
  readonly closed: boolean;
  /** Whitespace or a comment separates this token from the one before. */
  readonly spaced: boolean;
  /** A comment separates this token from the one before (for `end`: the value ends in a comment). */
  readonly afterComment: boolean;
}

/** The most digits after `#` looked at to tell a comment (`#12\n`) from a number (`#12`). */
const MAX_HASH_DIGITS = 16;

/** The longest MSSQL `[identifier]` read as a name; a longer bracketed run is ordinary text. */
const MAX_BRACKETED_NAME = 64;

// SQL Server reads every control character (U+0001 to U+001F) as whitespace: `1%01union%01select`.
const isSpace = (c: number) =>
  (c >= 1 && c <= 32) ||
  c === 0xa0 ||
  c === 0x85 ||
  (c >= 0x2000 && c <= 0x200b) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x3000 ||
  c === 0xfeff;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWordStart = (c: number) => (c >= 97 && c <= 122) || c === 95 || c === 36 || (c >= 0x80 && !isSpace(c));
const isWordPart = (c: number) => isWordStart(c) || isDigit(c);
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102);

const TWO_CHAR_OPS = new Set(['<=', '>=', '<>', '!=', '<<', '>>', '||', '&&', ':=', '::', '!<', '!>', '==']);
const ONE_CHAR_OPS = new Set(['=', '<', '>', '!', '+', '-', '*', '/', '%', '^', '&', '|', '~', ':']);

/** Literal prefixes: hex and bit strings, national and escape strings (MySQL, PostgreSQL, SQL Server). */
const STRING_PREFIXES = new Set(['x', 'b', 'n', 'e']);
const isStringPrefix = (word: string) =>
  STRING_PREFIXES.has(word) || (word.length > 1 && word.length <= 12 && word.startsWith('_'));

/** Words that can follow MySQL's `\N` with no space between (`\Nunion select`). */
const AFTER_NULL = ['union', 'and', 'or', 'xor', 'from', 'order', 'group', 'limit', 'having', 'into', 'like', 'is'];

/** Whether one of AFTER_NULL starts at i and ends a word there. */
function gluedKeywordAt(s: string, i: number): boolean {
  for (const w of AFTER_NULL) if (s.startsWith(w, i) && !isWordPart(s.charCodeAt(i + w.length))) return true;
  return false;
}

/**
 * Whether the `#` at i opens a MySQL comment. `#2` in prose is "number two"; but `#` and digits
 * that end the line (`union#1\nselect`) are a comment as MySQL reads it, there only to split keywords.
 */
function hashComment(s: string, i: number): boolean {
  let j = i + 1;
  // Bounded: a longer run of digits is read as a number, not looked past.
  while (j < s.length && j - i <= MAX_HASH_DIGITS && isDigit(s.charCodeAt(j))) j++;
  return j === i + 1 || s.charCodeAt(j) === 10 || s.charCodeAt(j) === 13;
}

/**
 * Tokenises a lower-cased form read in the given context; the last token is always `end`. With
 * `backslashEscapes` (MySQL's default) a backslash escapes the next character inside a string; without
 * it (SQL Server, Oracle, PostgreSQL, SQLite: standard SQL) a backslash is itself, so `x\'` closes.
 */
export function tokenize(s: string, context: SqlContext, meter = new ScanMeter(), backslashEscapes = true): Token[] {
  const tokens: Token[] = [];
  const n = s.length;
  let i = 0;
  let spaced = false;
  let afterComment = false;
  const push = (kind: TokenKind, text: string, closed = false, quote = '') => {
    tokens.push({ kind, text, quote, closed, spaced, afterComment });
    spaced = false;
    afterComment = false;
  };
  // A quoted string from i (the opening quote) to its closing quote; returns the index after it.
  const readString = (open: number, q: number): number => {
    let j = open + 1;
    let text = '';
    // Content is copied a run at a time, between escapes.
    let run = j;
    while (j < n) {
      meter.steps++;
      const c = s.charCodeAt(j);
      if (c === 92 /* \ */ && backslashEscapes && j + 1 < n) {
        text += s.slice(run, j) + s[j + 1]!;
        j += 2;
        run = j;
        continue;
      }
      if (c === q) {
        if (s.charCodeAt(j + 1) === q) {
          // A doubled quote inside a string is the quote itself.
          text += s.slice(run, j + 1);
          j += 2;
          run = j;
          continue;
        }
        push('str', text + s.slice(run, j), true, s[j]);
        return j + 1;
      }
      j++;
    }
    push('str', text + s.slice(run, n), false, String.fromCharCode(q));
    return n;
  };

  if (context !== 'bare') {
    // The value's first quote closes the string the application opened.
    i = readString(-1, context.charCodeAt(0));
  }
  while (i < n) {
    meter.steps++;
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      spaced = true;
      i++;
      continue;
    }
    const next = s.charCodeAt(i + 1);
    // Comments: -- and # to the end of the line, /* */ to its close. /*! is executable SQL.
    // `3--4` is three minus minus four, not a comment (and reads that way in SQL too).
    // `#2` is "number two" in prose, not a MySQL comment.
    if ((c === 45 /* - */ && next === 45 && !isDigit(s.charCodeAt(i + 2))) || (c === 35 /* # */ && hashComment(s, i))) {
      while (i < n && s.charCodeAt(i) !== 10) {
        meter.steps++;
        i++;
      }
      spaced = afterComment = true;
      continue;
    }
    if (c === 47 /* / */ && next === 42 /* * */) {
      if (s.charCodeAt(i + 2) === 33 /* ! */) {
        i += 3;
        while (i < n && isDigit(s.charCodeAt(i))) {
          meter.steps++;
          i++;
        }
        spaced = true;
        continue;
      }
      const close = s.indexOf('*/', i + 2);
      meter.steps += (close === -1 ? n : close) - i;
      i = close === -1 ? n : close + 2;
      spaced = afterComment = true;
      continue;
    }
    // A stray */ closes an executable comment (or nothing): whitespace either way.
    if (c === 42 && next === 47) {
      i += 2;
      spaced = true;
      continue;
    }
    if (c === 39 || c === 34) {
      // x'41', n'a', e'a\n', b'01', _utf8'a': a prefix glued to the quote is part of the literal.
      const prev = tokens[tokens.length - 1];
      if (c === 39 && prev !== undefined && prev.kind === 'word' && !spaced && isStringPrefix(prev.text)) {
        tokens.pop();
        spaced = prev.spaced;
        afterComment = prev.afterComment;
      }
      i = readString(i, c);
      continue;
    }
    if (c === 96 /* ` */) {
      const close = s.indexOf('`', i + 1);
      const end = close === -1 ? n : close;
      meter.steps += end - i;
      push('word', s.slice(i + 1, end));
      i = close === -1 ? n : close + 1;
      continue;
    }
    if (c === 91 /* [ */) {
      let j = i + 1;
      while (
        j < n &&
        j - i <= MAX_BRACKETED_NAME &&
        s.charCodeAt(j) !== 93 &&
        s.charCodeAt(j) !== 91 &&
        !isSpace(s.charCodeAt(j))
      ) {
        meter.steps++;
        j++;
      }
      if (s.charCodeAt(j) === 93 && j > i + 1) {
        push('word', s.slice(i + 1, j));
        i = j + 1;
        continue;
      }
      push('other', '[');
      i++;
      continue;
    }
    if (isDigit(c) || (c === 46 /* . */ && isDigit(next))) {
      let j = i;
      if (c === 48 && (next === 120 || next === 98) /* 0x 0b */) {
        j += 2;
        while (j < n && isHexDigit(s.charCodeAt(j))) {
          meter.steps++;
          j++;
        }
      } else {
        while (j < n && isDigit(s.charCodeAt(j))) {
          meter.steps++;
          j++;
        }
        if (s.charCodeAt(j) === 46) {
          j++;
          while (j < n && isDigit(s.charCodeAt(j))) {
            meter.steps++;
            j++;
          }
        }
        const e = s.charCodeAt(j);
        const sign = s.charCodeAt(j + 1);
        if (e === 101 && (isDigit(sign) || ((sign === 43 || sign === 45) && isDigit(s.charCodeAt(j + 2))))) {
          j += 2;
          while (j < n && isDigit(s.charCodeAt(j))) {
            meter.steps++;
            j++;
          }
        }
      }
      push('num', s.slice(i, j));
      i = j;
      continue;
    }
    if (c === 64 /* @ */) {
      let j = i + 1;
      const q = s.charCodeAt(j);
      if (q === 39 || q === 34 || q === 96) {
        // MySQL's quoted user-variable names: @'a', @"a", @`a`.
        const close = s.indexOf(s[j]!, j + 1);
        if (close !== -1) {
          meter.steps += close - i;
          push('var', s.slice(i, close + 1));
          i = close + 1;
          continue;
        }
      }
      if (s.charCodeAt(j) === 64) j++;
      while (j < n && (isWordPart(s.charCodeAt(j)) || s.charCodeAt(j) === 46)) {
        meter.steps++;
        j++;
      }
      push('var', s.slice(i, j));
      i = j;
      continue;
    }
    if (c === 92 /* \ */ && next === 110 /* n */ && (!isWordPart(s.charCodeAt(i + 2)) || gluedKeywordAt(s, i + 2))) {
      // MySQL's \N is NULL, and its lexer ends the token there: `\Nunion` is NULL UNION.
      push('word', 'null');
      i += 2;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n) {
        meter.steps++;
        const d = s.charCodeAt(j);
        if (isWordPart(d) || (d === 46 && (isWordStart(s.charCodeAt(j + 1)) || s.charCodeAt(j + 1) === 46))) j++;
        else break;
      }
      push('word', s.slice(i, j));
      i = j;
      continue;
    }
    if (c === 40) {
      push('(', '(');
      i++;
      continue;
    }
    if (c === 41) {
      push(')', ')');
      i++;
      continue;
    }
    if (c === 44) {
      push(',', ',');
      i++;
      continue;
    }
    if (c === 59) {
      push(';', ';');
      i++;
      continue;
    }
    const one = s[i]!;
    if (ONE_CHAR_OPS.has(one)) {
      if (c === 60 && next === 61 && s.charCodeAt(i + 2) === 62) {
        push('op', '<=>');
        i += 3;
        continue;
      }
      if (next === 61 || next === 62 || next === 60 || next === 124 || next === 38 || next === 58 || next === 33) {
        const two = s.slice(i, i + 2);
        if (TWO_CHAR_OPS.has(two)) {
          push('op', two);
          i += 2;
          continue;
        }
      }
      push('op', one);
      i++;
      continue;
    }
    push('other', one);
    i++;
  }
  push('end', '');
  return tokens;
}

/** The token at i, or the closing `end` token past the end: look-ahead never runs off the array. */
export function tokenAt(t: readonly Token[], i: number): Token {
  return t[Math.min(i, t.length - 1)]!;
}
