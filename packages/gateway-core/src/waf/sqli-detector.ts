/**
 * SQL-injection detection in the manner of libinjection: a value is suspicious when, read as the
 * tail of a SQL statement (after a closing quote, or as a bare number), it forms SQL structure:
 * a boolean tautology, a UNION SELECT, a stacked statement, a comment that cuts the rest of the
 * query, or a function attackers use for blind and out-of-band injection. Plain prose with
 * apostrophes (O'Brien, can't) or SQL words used as English (select, union street) does not.
 * Each signature has a name, which the WAF reports as the reason a request was blocked.
 */
import { inspectionForms } from './normalise.ts';

interface Signature {
  readonly name: string;
  readonly pattern: RegExp;
}

// Closed inline comments (/**/, and MySQL's /*!50000 ... */ whose content runs) fold to spaces.
const INLINE_COMMENT = /\/\*!?\d*([\s\S]*?)\*\//g;

const Q = `['"\`]`; // a quote that closes the string literal the value was placed in
// A value: a quoted string (the last may be left open for the query's own closing quote), a number, a name.
const V = `(?:${Q}[^'"\`]*(?:${Q}|$)|-?\\d+(?:\\.\\d+)?|[a-z_]\\w*)`;
const CMP = `(?:=|<>|!=|<=>|>=|<=|<|>|\\blike\\b|\\bis\\b|\\bin\\b|\\bregexp\\b|\\brlike\\b|\\bbetween\\b)`;

const SIGNATURES: readonly Signature[] = [
  // ' or 1=1 --   " or ""="   1 or 1=1   ') or ('a'='a   admin' --   ' || 'x'='x
  // A quote, a closing bracket, or a value that is only a number, then a boolean operator and a comparison.
  {
    name: 'sqli.tautology',
    pattern: new RegExp(
      `(?:${Q}|\\)|^\\s*-?\\d+\\s*)\\s*\\)*\\s*(?:\\bor\\b|\\band\\b|\\|\\||&&|\\bxor\\b)\\s*\\(*\\s*${V}\\s*${CMP}\\s*\\(*\\s*${V}`,
    ),
  },
  { name: 'sqli.tautology', pattern: new RegExp(`^\\s*(?:or|and)\\s+${V}\\s*${CMP}\\s*${V}`) },
  { name: 'sqli.tautology', pattern: new RegExp(`^\\s*${Q}\\s*=\\s*${Q}`) },
  {
    name: 'sqli.subquery',
    pattern: new RegExp(`(?:=|\\blike|\\brlike|\\bregexp|\\band|\\bor|\\bin|\\|\\||\\+|${Q})\\s*\\(\\s*select\\b`),
  },
  {
    name: 'sqli.tautology',
    pattern: new RegExp(
      `${Q}\\s*\\)*\\s*(?:\\bor\\b|\\|\\|)\\s*\\(*\\s*(?:\\d+|true|${Q}[^'"\`]*${Q})\\s*(?:--|#|/\\*|;|$|\\))`,
    ),
  },
  {
    name: 'sqli.union-select',
    pattern:
      /\bunion\b[\s(]+(?:all\b|distinct\b)?[\s(]*select\b\s*(?:\*|null\b|-?\d|all\b|distinct\b|top\b|\(|@@|['"`]|[\w.$]+\s*(?:,|\bfrom\b|\(|--|#|$))/,
  },
  {
    name: 'sqli.stacked-query',
    pattern:
      /;\s*(?:select|insert|update|delete|drop|truncate|alter|create|exec|execute|declare|shutdown|grant|revoke)\b/,
  },
  { name: 'sqli.comment-truncation', pattern: new RegExp(`${Q}\\s*\\)*\\s*(?:--|#|/\\*|;\\s*--|;\\s*%00)`) },
  {
    name: 'sqli.quote-keyword',
    pattern: new RegExp(
      `${Q}(?:\\s|\\))+(?:union|select|having|group\\s+by|order\\s+by|procedure\\s+analyse|into\\s+(?:out|dump)file|waitfor|and\\s+\\d|or\\s+\\d|and\\s*\\(|or\\s*\\(|and\\s+(?:sleep|substring|ascii|exists|not|select)|or\\s+(?:sleep|exists|not|select))\\b`,
    ),
  },
  {
    name: 'sqli.blind-function',
    pattern:
      /\b(?:sleep|pg_sleep|benchmark|load_file|extractvalue|updatexml|dbms_pipe\.receive_message|utl_inaddr\.get_host_address|xp_cmdshell|sp_executesql|dbms_lock\.sleep|randomblob)\s*\(/,
  },
  { name: 'sqli.time-delay', pattern: /\bwaitfor\s+(?:delay|time)\s+['"]/ },
  {
    name: 'sqli.schema-probe',
    pattern:
      /\b(?:information_schema|pg_catalog|sysobjects|syscolumns|mysql\.user|sqlite_master|all_tables|user_tables)\b|@@(?:version|datadir|hostname)\b/,
  },
  { name: 'sqli.order-by-probe', pattern: /\border\s+by\s+\d+\s*(?:--|#|\/\*|$)/ },
  {
    name: 'sqli.select-from',
    pattern:
      /\bselect\b[\s(]+(?:\*|[\w.@`"]+\s*(?:,\s*[\w.@`"()]+\s*)*)\s+from\s+[\w.`"[\]]+\s*(?:where|--|#|;|limit|$)/,
  },
  {
    name: 'sqli.char-encoding',
    pattern:
      /\b(?:char|chr|concat|concat_ws|group_concat)\s*\(\s*(?:0x[0-9a-f]+|\d+\s*(?:,\s*\d+\s*)+|@@|user\s*\(|database\s*\(|version\s*\()/,
  },
  { name: 'sqli.hex-literal', pattern: /(?:=|\bor\b|\band\b|\bunion\b|\bselect\b)\s*0x[0-9a-f]{8,}/ },
  { name: 'sqli.drop-table', pattern: /\b(?:drop|truncate|alter)\s+(?:table|database|schema)\s+[\w`"[\]]+/ },
  { name: 'sqli.insert-into', pattern: /\binsert\s+into\s+[\w`"[\]]+\s*(?:\(|values\b|select\b)/ },
  { name: 'sqli.delete-from', pattern: /\bdelete\s+from\s+[\w`"[\]]+\s*(?:where\b|;|--|#|$)/ },
  { name: 'sqli.update-set', pattern: /\bupdate\s+[\w`"[\]]+\s+set\s+[\w`"]+\s*=\s*[^;]*(?:where\b|;|--|#)/ },
];

export interface Detection {
  readonly rule: string;
  readonly matched: string;
}

export function detectSqli(value: string): Detection | undefined {
  if (value.length < 2) return undefined;
  for (const form of inspectionForms(value)) {
    const folded = form.replace(INLINE_COMMENT, ' $1 ');
    for (const s of SIGNATURES) {
      const m = s.pattern.exec(folded);
      if (m) return { rule: s.name, matched: m[0].slice(0, 80) };
    }
  }
  return undefined;
}
