/**
 * SQL-injection detection in the manner of libinjection: the value is read as SQL (see
 * sql-tokenizer.ts) three ways, as a bare value and as the tail of a '...' and a "..." string, and
 * is suspicious when, so read, it forms SQL structure an application never receives from a person:
 * a comparison or constant after AND/OR that follows a closing quote or a lone value (a boolean
 * tautology or blind test), UNION SELECT, a stacked statement, a comment cutting off the rest of
 * the query, arithmetic on SQL functions, calls only attackers make (delays, file and shell
 * access), or catalogue probes. Prose with apostrophes (O'Brien, can't) and SQL words used as
 * English ("select x from y where", "1; exec will create the case 7") does not.
 *
 * A few forms of the value get a reading of their own, each only when it differs: strings read
 * the standard way as well as MySQL's (a backslash escapes nothing outside MySQL), comments that
 * split a word taken out (for a filter that strips them), and `+` as a plus as well as a space.
 *
 * All of it is one tokenising pass per reading plus passes over the tokens that look a bounded
 * number of tokens ahead or move only forward: linear in the value's length (the meter counts it).
 * Each signature has a name, which the WAF reports as the reason a request was blocked.
 */
import { joinSplitWords, sqlForm } from './normalise.ts';
import { ScanMeter } from './scan-meter.ts';
import { CATALOGUE, STATEMENT_STARTS, ATTACK_FUNCTIONS, SQL_FUNCTIONS, anyPartIn, inSet } from './sql-lexicon.ts';
import { isComparison, isKeyword, isLogic, isWord, readExpr, type ExprFacts } from './sql-expression.ts';
import { tokenAt, tokenize, type SqlContext, type Token } from './sql-tokenizer.ts';
import { parameterValueStarts } from './query-parameters.ts';

export interface Detection {
  readonly rule: string;
  readonly matched: string;
}

/** Clause words that show a query carrying on after an injected condition. */
const CONTINUATIONS = new Set([
  'union',
  'select',
  'order',
  'group',
  'having',
  'limit',
  'into',
  'procedure',
  'from',
  'where',
  'for',
  'offset',
  'waitfor',
  'declare',
  'exec',
  'execute',
  'drop',
  'insert',
  'update',
  'delete',
  'shutdown',
]);
const OBJECT_KINDS = new Set([
  'table',
  'database',
  'schema',
  'procedure',
  'proc',
  'function',
  'view',
  'user',
  'login',
  'index',
  'trigger',
]);

const snippet = (t: readonly Token[], from: number, count = 8): string => {
  const parts: string[] = [];
  for (let k = Math.max(0, from); k < t.length && parts.length < count; k++) {
    const tok = tokenAt(t, k);
    if (tok.kind === 'end') break;
    parts.push(tok.kind === 'str' ? `'${tok.text.slice(0, 20)}${tok.closed ? "'" : ''}` : tok.text.slice(0, 30));
  }
  return parts.join(' ').slice(0, 80);
};

const hit = (rule: string, t: readonly Token[], at: number): Detection => ({ rule, matched: snippet(t, at) });

/** The longest value an attacker puts before the quote (`admin'`, `1'`, `-999.9'`); longer is prose. */
const MAX_VALUE_LENGTH = 32;

/**
 * Whether a string reads as one value (`admin`, `1`, ``), not prose or a URL: then a quote after it
 * came from an attacker closing the application's string, not from a sentence ("I'd like...").
 */
const isValue = (whole: string, quotesAllowed = false) => {
  // In a URL path only the last segment is the value (/api/claims/1' or '1'='1).
  const text = whole.startsWith('/') ? whole.slice(whole.lastIndexOf('/') + 1) : whole;
  if (text.length > MAX_VALUE_LENGTH) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '/' ||
      c === '?' ||
      c === '&' ||
      c === '=' ||
      c === ',' ||
      c === ';' ||
      // `foo+bar'`: a `+` inside a value read literally may have been a form-encoded space.
      (c === '+' && i > 0 && i < text.length - 1) ||
      (!quotesAllowed && (c === "'" || c === '"'))
    )
      return false;
  }
  return true;
};

/**
 * The application's string ends at the value's first quote. It was closed by an attacker when what
 * precedes the quote is one value glued to it (`admin'`, `1'`, or nothing); a quote after a space
 * opens a quoted word in a sentence (`select 'and'`), and prose or a URL before it is no value.
 */
const closedByAttacker = (s0: Token) => {
  const text = s0.text;
  const last = text.charCodeAt(text.length - 1);
  // Quotes inside are escaped ones (dingberry''1'), part of the value.
  return isValue(text.trim(), true) && !(text.trim() !== '' && (last === 32 || last === 9 || last === 10));
};

/** The expression ended where an injected query would: at the end, a comment, `;`, `)`, AND/OR or a clause word. */
function endsCleanly(t: readonly Token[], k: number): boolean {
  const tok = tokenAt(t, k);
  if (tok.kind === 'end' || tok.kind === ';' || tok.kind === ')' || tok.afterComment) return true;
  // `#1` after a finished condition is a MySQL comment (the tokenizer reads `#2` in prose as text).
  if (tok.kind === 'other' && tok.text === '#') return true;
  if (isLogic(tok)) return true;
  // Oracle's hierarchical query, `or 1=1 connect by level<9`.
  if (isWord(tok, 'connect') && isWord(tokenAt(t, k + 1), 'by')) return true;
  return tok.kind === 'word' && CONTINUATIONS.has(tok.text);
}

/**
 * In a quoted context, a value that simply ends leaves the application's closing quote to follow:
 * the injection only parses if its last token is a string left open for that quote to close, and
 * that string is a value (`' or 'a'='a`), not the rest of a sentence (`"IS" STAMP`).
 */
function endsCleanlyInQuotes(t: readonly Token[], k: number, context: SqlContext, lenient = false): boolean {
  if (!endsCleanly(t, k)) return false;
  const tok = tokenAt(t, k);
  if (tok.kind !== 'end' || tok.afterComment || k === 0) return true;
  const last = tokenAt(t, k - 1);
  // Strictly, only an open string absorbs the application's quote; `' or 1=1` is let pass as the classic probe.
  if (last.kind !== 'str') return lenient;
  const anyQuote = lenient;
  const text = last.text.trim();
  return (
    !last.closed && (anyQuote || last.quote === context) && isValue(text) && (text === '' || !last.text.startsWith(' '))
  );
}

/** After SELECT (or UNION SELECT): a select list as an attacker writes one. `strict` refuses a lone plain word. */
function selectList(t: readonly Token[], k: number, strict: boolean): boolean {
  let j = k + 1;
  while (
    isWord(tokenAt(t, j), 'all', 'distinct', 'top', 'distinctrow', 'sql_no_cache') ||
    (j > k + 1 && tokenAt(t, j).kind === 'num')
  )
    j++;
  const item = tokenAt(t, j);
  const after = tokenAt(t, j + 1);
  switch (item.kind) {
    case 'op':
      return item.text === '*' || item.text === '-' || item.text === '+' || item.text === '~' || item.text === '!';
    case 'num':
    case 'var':
    case '(':
      return true;
    case 'str':
      return !strict || after.kind === ',' || isWord(after, 'from');
    case 'word':
      if (after.kind === '(' || isWord(item, 'null', 'true', 'false')) return true;
      if (!strict && isWord(item, 'case') && isWord(after, 'when')) return true;
      if (after.kind === ',') return true;
      if (strict) return false;
      return (
        isWord(after, 'from', 'into', 'as') ||
        after.kind === 'end' ||
        after.kind === ')' ||
        after.afterComment ||
        after.kind === 'op'
      );
    case 'end':
      return !strict;
    case 'other':
      // ODBC escapes, `select{x 1}`, `{fn user()}`: braces no select list in prose opens with.
      return item.text === '{' && after.kind === 'word';
    default:
      return false;
  }
}

/** Tokens before `end` are only numbers, variables, operators and brackets. */
function numeric(t: readonly Token[], end: number): boolean {
  for (let k = 0; k < end; k++) {
    const kind = tokenAt(t, k).kind;
    if (kind !== 'num' && kind !== 'var' && kind !== 'op' && kind !== '(' && kind !== ')') return false;
  }
  return true;
}

/** A leading `select a from b where <comparison>`: a whole query, not the phrase "select x from y where". */
function selectWhere(t: readonly Token[], m: ScanMeter): boolean {
  let j = 1;
  while (tokenAt(t, j).kind === 'word' && !isKeyword(tokenAt(t, j)) && j < 16) j++;
  if (!isWord(tokenAt(t, j), 'from') || tokenAt(t, j + 1).kind !== 'word' || !isWord(tokenAt(t, j + 2), 'where'))
    return false;
  return readExpr(t, j + 3, 0, m).comparison;
}

/** Constants a UNION's column-count probe lists (`1,2,3--`): fewer is a date or a sum. */
const MIN_PROBE_COLUMNS = 3;

/**
 * A value that is the rest of a select list and its FROM (`concat(user,0x3a,pass) from users--`,
 * `* from users where 1=1`): what an application that puts the value in its column list runs, and
 * the tail of a UNION SELECT split across parameters; or a column-count probe's list of constants
 * cut off by a comment (`1,2,3,4--`). A list of words (`pens, paper from Tesco`) is prose: an item
 * must call a SQL function or be a hex literal, or the list be `*` or constants only.
 */
function selectListTail(t: readonly Token[], m: ScanMeter): boolean {
  let j = 0;
  // `*` is the whole list.
  let sql = tokenAt(t, 0).kind === 'op' && tokenAt(t, 0).text === '*';
  let constants = 0;
  let onlyConstants = !sql;
  if (sql) j = 1;
  else
    for (;;) {
      m.steps++;
      const item = readExpr(t, j, 0, m);
      if (item.operands === 0) return false;
      sql ||= item.sqlCall || item.attackCall || item.subquery;
      for (let k = j; k < item.end && !sql; k++)
        sql = tokenAt(t, k).kind === 'num' && tokenAt(t, k).text.startsWith('0x');
      const constant = item.operands === 1 && item.words === 0 && item.literals === 1 && item.strings === 0;
      onlyConstants &&= constant;
      if (constant) constants++;
      j = item.end;
      if (tokenAt(t, j).kind !== ',') break;
      j++;
    }
  const probe = onlyConstants && constants >= MIN_PROBE_COLUMNS;
  if (probe && tokenAt(t, j).kind === 'end' && tokenAt(t, j).afterComment) return true;
  if (!(sql || probe) || !isWord(tokenAt(t, j), 'from')) return false;
  const table = tokenAt(t, j + 1);
  return table.kind === 'word' && !isKeyword(table) && endsCleanly(t, j + 2);
}

/** A statement keyword at k followed by what makes it a statement rather than an English word. */
function statementAt(t: readonly Token[], k: number): boolean {
  const next = tokenAt(t, k + 1);
  const then = tokenAt(t, k + 2);
  switch (tokenAt(t, k).text) {
    case 'select':
      return selectList(t, k, false);
    case 'insert':
      return isWord(next, 'into') || (next.kind === 'word' && (then.kind === '(' || isWord(then, 'values', 'select')));
    case 'update':
      return next.kind === 'word' && isWord(then, 'set');
    case 'delete':
      return isWord(next, 'from') || (next.kind === 'word' && (then.kind === 'end' || isWord(then, 'where')));
    case 'drop':
    case 'alter':
    case 'create':
    case 'truncate':
    case 'rename':
      return (
        (next.kind === 'word' && OBJECT_KINDS.has(next.text)) ||
        (next.kind === 'word' && !isKeyword(next) && (then.kind === 'end' || then.kind === ';' || then.afterComment))
      );
    case 'exec':
    case 'execute':
      return (
        next.kind === '(' ||
        next.kind === 'var' ||
        next.kind === 'str' ||
        (next.kind === 'word' &&
          (next.text.startsWith('xp_') ||
            next.text.startsWith('sp_') ||
            next.text.startsWith('master') ||
            next.text.includes('.') ||
            then.kind === 'var' ||
            then.kind === 'str'))
      );
    case 'declare':
      return next.kind === 'var';
    case 'set':
      return (
        next.kind === 'var' ||
        (next.kind === 'word' && then.kind === 'op' && then.text === '=' && tokenAt(t, k + 3).kind !== 'word')
      );
    case 'shutdown':
    case 'reconfigure':
      return next.kind === 'end' || next.kind === ';' || next.afterComment || isWord(next, 'with');
    case 'waitfor':
      return isWord(next, 'delay', 'time');
    case 'if':
    case 'while':
      return (
        next.kind === '(' ||
        isWord(next, 'exists', 'not') ||
        ((next.kind === 'num' || next.kind === 'var') && isComparison(then))
      );
    case 'begin':
      return next.kind === 'word' && (STATEMENT_STARTS.has(next.text) || inSet(ATTACK_FUNCTIONS, next.text));
    case 'load':
      return isWord(next, 'data');
    case 'grant':
    case 'revoke':
      return isWord(next, 'all', 'select', 'insert', 'update', 'delete', 'execute', 'dba', 'connect');
    case 'call':
      return next.kind === 'word' && then.kind === '(';
    case 'print':
    case 'raiserror':
      return next.kind === 'var' || (next.kind === 'str' && then.kind !== 'word');
    case 'kill':
      return next.kind === 'num' && (then.kind === 'end' || then.afterComment);
    case 'show':
      return (
        isWord(next, 'tables', 'databases', 'schemas', 'grants', 'variables', 'processlist') ||
        (isWord(next, 'full') && isWord(then, 'tables', 'processlist', 'columns'))
      );
    case 'backup':
    case 'restore':
      return isWord(next, 'database', 'log');
    default:
      return false;
  }
}

/** Call arguments that read as SQL: `sleep(5)`, `benchmark(1e7,md5(1))`, not `sleep(8 hours)`. */
function sqlArguments(t: readonly Token[], open: number): boolean {
  const first = tokenAt(t, open + 1);
  const after = tokenAt(t, open + 2);
  if (first.kind === ')' || first.kind === '(' || first.kind === 'end') return true;
  if (first.kind === 'op') return first.text === '-' || first.text === '~' || first.text === '*';
  if (first.kind === 'word' && after.kind === '(') return true;
  return (
    (first.kind === 'num' || first.kind === 'str' || first.kind === 'var' || first.kind === 'word') &&
    (after.kind === ',' || after.kind === ')' || after.kind === 'op' || after.kind === 'end' || isComparison(after))
  );
}

/** Signatures that can stand anywhere in the value; each looks a few tokens ahead of one token. */
function scanTokens(t: readonly Token[], m: ScanMeter): Detection | undefined {
  // A CASE is read to its END, so only the first one in a bracket or list is read (linear time).
  let caseRead = false;
  for (let k = 0; k < t.length - 1; k++) {
    m.steps++;
    const tok = tokenAt(t, k);
    const next = tokenAt(t, k + 1);
    const prev = k > 0 ? tokenAt(t, k - 1) : undefined;
    if (tok.kind === 'var') {
      // @@version and and@@version, not the tail of user@@example.
      if (tok.text.startsWith('@@') && tok.text.length > 2 && (tok.spaced || prev?.kind !== 'word' || isKeyword(prev)))
        return hit('sqli.schema-probe', t, k);
      // MySQL user-variable assignment inside a query (`and @a:=1`, `(select @a:=mid(...))`):
      // the bit-by-bit extraction tricks keep state this way. Prose has no `@name :=`.
      if (next.kind === 'op' && next.text === ':=' && tok.text.length > 1 && !tok.text.startsWith('@@'))
        if (prev === undefined || prev.kind === '(' || prev.kind === ',' || isLogic(prev) || isKeyword(prev))
          return hit('sqli.variable-assignment', t, k);
      continue;
    }
    if (tok.kind === ';') {
      if (next.kind === 'word' && STATEMENT_STARTS.has(next.text) && statementAt(t, k + 1))
        return hit('sqli.stacked-query', t, k);
      continue;
    }
    if (tok.kind === 'num') {
      if (
        tok.text.startsWith('0x') &&
        tok.text.length >= 10 &&
        prev !== undefined &&
        (prev.kind === 'op' || prev.kind === ',' || prev.kind === '(' || isKeyword(prev))
      )
        return hit('sqli.hex-literal', t, k - 1);
      continue;
    }
    if (tok.kind !== 'word') continue;
    const w = tok.text;
    if (w === 'union' || w === 'intersect' || w === 'except') {
      let j = k + 1;
      while (j < k + 6 && (tokenAt(t, j).kind === '(' || isWord(tokenAt(t, j), 'all', 'distinct', 'distinctrow'))) j++;
      if (isWord(tokenAt(t, j), 'select') && selectList(t, j, false)) return hit('sqli.union-select', t, k);
      continue;
    }
    if (w === 'select' && prev?.kind === '(' && selectList(t, k, false)) return hit('sqli.subquery', t, k - 1);
    // `(case when 5=5 then 1 else null end)`, `,(case ...)`: a CASE with a comparison, in a bracket or a list.
    if (w === 'case' && !caseRead && isWord(next, 'when') && (prev?.kind === '(' || prev?.kind === ',')) {
      caseRead = true;
      const e = readExpr(t, k, 0, m);
      if (e.operands > 0 && e.comparison) return hit('sqli.expression', t, k);
    }
    if (next.kind === '(' && inSet(ATTACK_FUNCTIONS, w) && sqlArguments(t, k + 1))
      return hit('sqli.blind-function', t, k);
    if (
      next.kind === '(' &&
      inSet(SQL_FUNCTIONS, w) &&
      tokenAt(t, k + 2).kind === 'word' &&
      tokenAt(t, k + 3).kind === '(' &&
      (inSet(SQL_FUNCTIONS, tokenAt(t, k + 2).text) || inSet(ATTACK_FUNCTIONS, tokenAt(t, k + 2).text))
    )
      return hit('sqli.function-chain', t, k);
    if (
      next.kind === '(' &&
      (w === 'char' || w === 'chr' || w === 'nchar') &&
      tokenAt(t, k + 2).kind === 'num' &&
      (tokenAt(t, k + 3).kind === ',' ||
        (tokenAt(t, k + 3).kind === ')' && (tokenAt(t, k + 4).kind === 'op' || isLogic(tokenAt(t, k + 4)))))
    )
      return hit('sqli.char-encoding', t, k);
    if (anyPartIn(CATALOGUE, w) || (w === 'dual' && isWord(prev, 'from'))) return hit('sqli.schema-probe', t, k);
    if (w === 'waitfor' && isWord(next, 'delay', 'time')) return hit('sqli.time-delay', t, k);
    if (w === 'into' && isWord(next, 'outfile', 'dumpfile')) return hit('sqli.into-outfile', t, k);
    if (w === 'procedure' && isWord(next, 'analyse', 'analyze')) return hit('sqli.procedure-analyse', t, k);
    if (w === 'declare' && next.kind === 'var') return hit('sqli.declare', t, k);
    if ((w === 'exec' || w === 'execute') && statementAt(t, k) && next.kind !== 'str') return hit('sqli.exec', t, k);
    if ((w === 'drop' || w === 'truncate' || w === 'alter') && statementAt(t, k) && tokenAt(t, k + 2).kind === 'word')
      if (tokenAt(t, k + 3).kind === 'end' || tokenAt(t, k + 3).kind === ';' || tokenAt(t, k + 3).afterComment)
        return hit('sqli.drop-table', t, k);
    if (
      w === 'insert' &&
      isWord(next, 'into') &&
      tokenAt(t, k + 2).kind === 'word' &&
      (tokenAt(t, k + 3).kind === '(' || isWord(tokenAt(t, k + 3), 'values', 'select'))
    )
      return hit('sqli.insert-into', t, k);
    if (
      w === 'delete' &&
      isWord(next, 'from') &&
      tokenAt(t, k + 2).kind === 'word' &&
      (isWord(tokenAt(t, k + 3), 'where') || tokenAt(t, k + 3).kind === ';' || tokenAt(t, k + 3).afterComment)
    )
      return hit('sqli.delete-from', t, k);
    if (
      w === 'update' &&
      next.kind === 'word' &&
      isWord(tokenAt(t, k + 2), 'set') &&
      tokenAt(t, k + 3).kind === 'word' &&
      tokenAt(t, k + 4).text === '='
    )
      return hit('sqli.update-set', t, k);
    if (
      (w === 'order' || w === 'group') &&
      isWord(next, 'by') &&
      tokenAt(t, k + 2).kind === 'num' &&
      prev !== undefined &&
      (prev.kind === 'num' || prev.kind === ')' || prev.kind === 'str' || prev.kind === 'word') &&
      (endsCleanly(t, k + 3) || tokenAt(t, k + 3).kind === ',')
    )
      return hit('sqli.order-by-probe', t, k);
    // The value opens with the clause and a comment cuts off the rest (` order by 3-- `).
    if ((w === 'order' || w === 'group') && k === 0 && isWord(next, 'by') && tokenAt(t, 2).kind === 'num')
      if (tokenAt(t, 3).afterComment) return hit('sqli.order-by-probe', t, k);
    if (
      (w === 'order' || w === 'group') &&
      isWord(next, 'by') &&
      tokenAt(t, k + 3).kind === '(' &&
      (inSet(SQL_FUNCTIONS, tokenAt(t, k + 2).text) || inSet(ATTACK_FUNCTIONS, tokenAt(t, k + 2).text)) &&
      sqlArguments(t, k + 3)
    )
      return hit('sqli.order-by-probe', t, k);
    if (
      (w === 'char' || w === 'chr') &&
      next.kind === '(' &&
      tokenAt(t, k + 2).text.startsWith('0x') &&
      tokenAt(t, k + 3).kind === ')'
    )
      return hit('sqli.char-encoding', t, k);
    if (w === 'having' && (next.kind === 'num' || next.kind === 'str') && isComparison(tokenAt(t, k + 2)))
      return hit('sqli.tautology', t, k);
    if (
      (w === 'if' || w === 'iif' || w === 'nullif' || w === 'ifnull') &&
      next.kind === '(' &&
      (tokenAt(t, k + 2).kind === 'num' ||
        tokenAt(t, k + 2).kind === 'str' ||
        tokenAt(t, k + 2).kind === 'var' ||
        tokenAt(t, k + 2).kind === '(') &&
      isComparison(tokenAt(t, k + 3))
    )
      return hit('sqli.function-chain', t, k);
  }
  return undefined;
}

/** After AND/OR at k: whether the condition that follows is an injected test. */
function injectedCondition(
  t: readonly Token[],
  k: number,
  context: SqlContext,
  prose: boolean,
  leadCompared: boolean,
  m: ScanMeter,
): boolean {
  const bare = context === 'bare';
  if (isWord(tokenAt(t, k + 1), 'select')) return selectList(t, k + 1, false);
  const c = readExpr(t, k + 1, 0, m);
  if (c.operands === 0) return false;
  if (c.attackCall || c.subquery) return true;
  const clean = bare ? endsCleanly(t, c.end) : endsCleanlyInQuotes(t, c.end, context, true);
  if (c.booleanArithmetic && clean) return true;
  if (c.end === k + 4 && clean && selfComparison(t, k + 1)) return true;
  if (c.sqlCall && (c.comparison || c.arithmetic || c.nestedCall || clean)) return true;
  // ' or column^'1: arithmetic on a string the application's own quote closes.
  if (!bare && !prose && c.arithmetic && c.strings > 0 && clean) return true;
  // `5 < 6 and 7 > 3` is arithmetic homework; after a value that was itself compared, want a comment too.
  // Bare, a test compares two values (1=1, 8=3); `NAME AND AGE = 5` compares a word.
  if (
    c.comparison &&
    clean &&
    (bare ? c.literals >= 2 || (c.wordComparison && c.literals > 0) : !prose || c.literals > 0) &&
    (!leadCompared || tokenAt(t, c.end).afterComment)
  )
    return true;
  const constant = c.words === 0 && c.literals > 0;
  if (bare && c.words === 0)
    // `1 and 2` is prose; `1 and ~~1`, `1 && 1`, `1 and 0x1`, `1 or @a` only SQL writes.
    return (
      (constant && tokenAt(t, c.end).afterComment) ||
      (clean && (tokenAt(t, k).kind === 'op' || sqlOnlySyntax(t, k + 1, c.end)))
    );
  // ' or 1, x' or 'x: a constant, and any string in it one value, not a phrase ("AND" OR "OR").
  return constant && !prose && clean && stringsAreValues(t, k + 1, c.end);
}

/** Operators of SQL that arithmetic in prose has no use for: bitwise ones, `!`, `div`, `mod`, `<=>`. */
const SQL_ONLY_OPS = new Set(['~', '!', '&', '|', '^', '<<', '>>', '<=>', ':=', '::']);

/**
 * Whether tokens [from, to) use syntax only SQL has: an operator of SQL_ONLY_OPS, DIV or MOD, a
 * hex, bit or scientific number or one with a bare decimal point (`0x1`, `1e0`, `.1`, `1.`), a
 * variable, TRUE/FALSE/NULL.
 */
function sqlOnlySyntax(t: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const tok = tokenAt(t, i);
    if (tok.kind === 'op' && SQL_ONLY_OPS.has(tok.text)) return true;
    if (tok.kind === 'var') return true;
    if (isWord(tok, 'div', 'mod', 'true', 'false', 'null')) return true;
    if (tok.kind !== 'num') continue;
    const n = tok.text;
    if (n.startsWith('0x') || n.startsWith('0b') || n.includes('e') || n.startsWith('.') || n.endsWith('.'))
      return true;
  }
  return false;
}

/** `x=x`, `a like a`: a column compared with itself, true on every row (`or x=y` stays prose). */
function selfComparison(t: readonly Token[], k: number): boolean {
  const left = tokenAt(t, k);
  const right = tokenAt(t, k + 2);
  const op = tokenAt(t, k + 1);
  return (
    left.kind === 'word' &&
    right.kind === 'word' &&
    left.text === right.text &&
    !isKeyword(left) &&
    (op.text === '=' || isWord(op, 'like', 'is'))
  );
}

/** At k, WHERE and a comparison of two literals (`where 1=1`): the rest of a query, not a sentence. */
function literalWhere(t: readonly Token[], k: number, m: ScanMeter): boolean {
  if (!isWord(tokenAt(t, k), 'where')) return false;
  const c = readExpr(t, k + 1, 0, m);
  return c.comparison && c.words === 0 && c.literals >= 2 && !c.wordComparison && endsCleanly(t, c.end);
}

/**
 * From a `,` at k: the rest of an INSERT's value list or an UPDATE's SET list, as an attacker ends
 * it: `x', 'a')--`, `x', 2)--`, `x', admin=1 where id=1#`. Values, commas, then closing brackets or
 * WHERE, and the rest of the query cut off.
 */
function valueListTail(t: readonly Token[], k: number, rowClosed: boolean, m: ScanMeter): boolean {
  let j = k;
  let assigned = false;
  while (tokenAt(t, j).kind === ',') {
    m.steps++;
    const e = readExpr(t, j + 1, 0, m);
    if (e.operands === 0) return false;
    assigned ||= e.comparison;
    j = e.end;
  }
  if (assigned && isWord(tokenAt(t, j), 'where')) return readExpr(t, j + 1, 0, m).comparison;
  // `x'),('a','b')#`: a whole further row after the application's own, closed before the comma.
  if (rowClosed && tokenAt(t, j).kind === 'end' && tokenAt(t, j).afterComment) return true;
  if (tokenAt(t, j).kind !== ')') return false;
  while (tokenAt(t, j).kind === ')') {
    m.steps++;
    j++;
  }
  const end = tokenAt(t, j);
  return (
    (end.kind === 'end' && end.afterComment) || end.kind === ';' || (end.kind === ',' && tokenAt(t, j + 1).kind === '(')
  );
}

/** Every string token in [from, to) is a single value. */
function stringsAreValues(t: readonly Token[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const tok = tokenAt(t, i);
    if (tok.kind === 'str' && (!isValue(tok.text.trim()) || (tok.text.startsWith(' ') && tok.text.trim() !== '')))
      return false;
  }
  return true;
}

/** Signatures anchored at the start of the value (bare) or at the quote that closes the application's string. */
function scanAnchored(t: readonly Token[], context: SqlContext, m: ScanMeter): Detection | undefined {
  const bare = context === 'bare';
  const prose = !bare && !closedByAttacker(tokenAt(t, 0));
  let j = bare ? 0 : 1;
  let lead: ExprFacts | undefined;
  if (bare) {
    if (isWord(tokenAt(t, 0), 'select') && (selectList(t, 0, true) || selectWhere(t, m)))
      return hit('sqli.select-from', t, 0);
    if (selectListTail(t, m)) return hit('sqli.select-from', t, 0);
    lead = readExpr(t, 0, 0, m);
    j = lead.end;
    if (isWord(tokenAt(t, 0), 'case') && lead.operands > 0 && lead.end === t.length - 1)
      return hit('sqli.expression', t, 0);
  } else if (tokenAt(t, 1).kind === 'op' || isComparison(tokenAt(t, 1)) || isWord(tokenAt(t, 1), 'div', 'mod', 'not')) {
    // The closing quote is followed by an operator: 'a'='a', a'+'b, '-', x' like 'y.
    lead = readExpr(t, 0, 0, m);
    j = lead.end;
    if (
      !prose &&
      lead.operands > 1 &&
      // x' like 'y, '=', a'+'b: a second value, not just a word (I' LIKE IT is a sentence).
      (lead.literals > 1 || lead.sqlCall || lead.attackCall) &&
      endsCleanlyInQuotes(t, j, context)
    )
      return hit('sqli.tautology', t, 0);
  }
  const leadEnd = j;
  while (tokenAt(t, j).kind === ')') {
    m.steps++;
    j++;
  }
  const at = tokenAt(t, j);
  // `1 where 1=1`, ` as x where 1=1 and 1=0`: the value carries on the application's query.
  if (
    bare &&
    (literalWhere(t, j, m) || (isWord(at, 'as') && tokenAt(t, j + 1).kind === 'word' && literalWhere(t, j + 2, m)))
  )
    return hit('sqli.tautology', t, j);
  if (
    bare &&
    j > leadEnd &&
    leadEnd > 0 &&
    isWord(at, 'from', 'where', 'union', 'order', 'group', 'having', 'limit', 'into')
  )
    return hit('sqli.quote-keyword', t, 0);
  if (!bare && !prose && isWord(at, 'union')) {
    const after = tokenAt(t, j + 1);
    if (
      after.kind === '(' ||
      isWord(after, 'select', 'all', 'distinct', 'distinctrow') ||
      (after.kind === 'word' &&
        (tokenAt(t, j + 2).kind === 'op' || tokenAt(t, j + 2).afterComment || tokenAt(t, j + 2).kind === 'end'))
    )
      return hit('sqli.union-select', t, 0);
  }
  // `-1 union`, `-1 union all--`: a negative id (no row) and a UNION whose SELECT the value ends before.
  if (bare && leadEnd === 2 && tokenAt(t, 0).text === '-' && tokenAt(t, 1).kind === 'num' && isWord(at, 'union')) {
    const end = tokenAt(t, isWord(tokenAt(t, j + 1), 'all', 'distinct') ? j + 2 : j + 1);
    if (end.kind === 'end') return hit('sqli.union-select', t, 0);
  }
  // admin'--, admin')#, x'; --, x';  the rest of the query cut off after the closing quote.
  const after = tokenAt(t, j + 1);
  if (
    !bare &&
    !prose &&
    ((at.kind === 'end' && at.afterComment) || (at.kind === ';' && (after.kind === 'end' || after.afterComment)))
  )
    return hit('sqli.comment-truncation', t, 0);
  // `1--`, `@version /*`: a bare number or variable and a comment. A quoted phrase before `--` is prose.
  if (
    bare &&
    lead &&
    lead.operands > 0 &&
    lead.operands <= 3 &&
    ((at.kind === 'end' && at.afterComment) || (at.kind === ';' && after.kind === 'end' && after.afterComment)) &&
    numeric(t, lead.end)
  )
    return hit('sqli.comment-truncation', t, 0);
  if (
    bare &&
    lead &&
    lead.end === t.length - 1 &&
    ((lead.sqlCall && (lead.arithmetic || lead.comparison || lead.nestedCall)) || lead.booleanArithmetic)
  )
    return hit('sqli.expression', t, 0);
  if (!bare && at.kind === 'word' && !prose && STATEMENT_STARTS.has(at.text)) {
    // After a quote, `select` must start a real list ('select' button is a word in quotes).
    if (at.text === 'select' ? selectList(t, j, true) : statementAt(t, j)) return hit('sqli.quote-keyword', t, 0);
  }
  // Bare, `1, 2)-- see above` is as likely a sentence with a dash: only after a closing quote.
  if (!bare && !prose && at.kind === ',') if (valueListTail(t, j, j > leadEnd, m)) return hit('sqli.value-list', t, 0);
  if (!bare && !prose && isWord(at, 'where')) {
    const condition = readExpr(t, j + 1, 0, m);
    if (condition.comparison && endsCleanly(t, condition.end)) return hit('sqli.quote-keyword', t, 0);
  }
  if (!bare && at.kind === 'word' && !prose) {
    if (
      isWord(at, 'having') ||
      (isWord(at, 'group', 'order') && isWord(tokenAt(t, j + 1), 'by')) ||
      isWord(at, 'limit')
    )
      return hit('sqli.quote-keyword', t, 0);
  }
  // Conditions joined by AND/OR from here on: the first injected one gives the attack away.
  const leadCompared = lead?.comparison === true;
  for (let guard = 0; isLogic(tokenAt(t, j)) && guard < t.length; guard++) {
    m.steps++;
    // A value that is only `or x` is a word of a sentence, unless a comment cuts the query off (`or true--`).
    if (bare && j === 0 && t.length < 4 && !tokenAt(t, t.length - 1).afterComment) break;
    if (injectedCondition(t, j, context, prose, leadCompared, m)) return hit('sqli.tautology', t, Math.max(0, j - 1));
    const next = readExpr(t, j + 1, 0, m);
    if (next.end === j + 1) break;
    j = next.end;
    while (tokenAt(t, j).kind === ')') j++;
  }
  return undefined;
}

/**
 * A query-string value read inside quotes, for one signature only: a value, the quote, then the
 * rest of the query cut off (`?user=admin'--`, `&id=1');#`). The whole-value reading cannot see it,
 * since there a link stands before the quote; the other quoted signatures stay off, as in a link
 * `"mod"` reads exactly as MySQL's implicit-conversion attacks do.
 */
function truncatedAfterQuote(value: string, meter: ScanMeter): Detection | undefined {
  for (const context of QUOTES) {
    if (!value.includes(context)) continue;
    const t = tokenize(value, context, meter);
    if (!t[0]!.closed || !closedByAttacker(t[0]!)) continue;
    let j = 1;
    while (tokenAt(t, j).kind === ')') j++;
    const at = tokenAt(t, j);
    const after = tokenAt(t, j + 1);
    if ((at.kind === 'end' && at.afterComment) || (at.kind === ';' && (after.kind === 'end' || after.afterComment)))
      return hit('sqli.comment-truncation', t, 0);
  }
  return undefined;
}

const QUOTES: readonly SqlContext[] = ["'", '"'];
const CONTEXTS: readonly SqlContext[] = ['bare', "'", '"'];
const BARE_ONLY: readonly SqlContext[] = ['bare'];

/** Reads one decoded value as SQL in each of the given contexts the application may have put it in. */
function detectInForm(form: string, meter: ScanMeter, contexts = CONTEXTS): Detection | undefined {
  // A backslash escapes a quote only in MySQL; elsewhere `x\' or 1=1--` closes the string.
  const backslashQuote = form.includes("\\'") || form.includes('\\"');
  for (const context of contexts) {
    if (context !== 'bare' && !form.includes(context)) continue;
    const found = detectInContext(form, context, meter, true);
    if (found) return found;
    const standard = backslashQuote && context !== 'bare' ? detectInContext(form, context, meter, false) : undefined;
    if (standard) return standard;
  }
  return undefined;
}

/** The signatures on one reading of a form: in one context, with or without backslash escapes. */
function detectInContext(
  form: string,
  context: SqlContext,
  meter: ScanMeter,
  backslashEscapes: boolean,
): Detection | undefined {
  const tokens = tokenize(form, context, meter, backslashEscapes);
  if (context !== 'bare' && !tokens[0]!.closed) return undefined;
  return scanTokens(tokens, meter) ?? scanAnchored(tokens, context, meter);
}

export function detectSqli(value: string, meter = new ScanMeter()): Detection | undefined {
  if (value.length < 2) return undefined;
  const form = sqlForm(value, meter);
  const found = detectInDecoded(form, meter);
  if (found) return found;
  const joined = form.includes('/*') ? joinSplitWords(form, meter) : undefined;
  const inJoined = joined === undefined ? undefined : detectInDecoded(joined, meter);
  // A `+` is a space only where the value was form-encoded; in a JSON body, a header or a payload
  // pasted as it is, `1+ascii(substring(pw,1,1))-4` is arithmetic. Read it both ways.
  if (inJoined || !value.includes('+')) return inJoined;
  return detectInDecoded(sqlForm(value, meter, false), meter);
}

/** Screens one decoded form of a value: as a whole, then each query-string value in it. */
function detectInDecoded(form: string, meter: ScanMeter): Detection | undefined {
  const executable = form.indexOf('/*!');
  if (executable !== -1) return { rule: 'sqli.mysql-comment', matched: form.slice(executable, executable + 80) };
  const found = detectInForm(form, meter);
  if (found) return found;
  // A URL or query string (a Referer, a logged link, a path with `?`) carries values of its own: the
  // application reads each parameter's value from its start, where the anchored signatures look.
  // As a bare value, and inside quotes only for a quote and a comment (`?user=admin'--`): read
  // inside quotes with every signature, a search for `"mod"` or `"like"+stamp` in a link is
  // indistinguishable from MySQL's implicit-conversion attacks, and the whole-value reading above
  // already finds quoted injections that carry a comparison.
  const starts = form.includes('=') ? parameterValueStarts(form, meter) : [];
  for (let k = 0; k < starts.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1]!.pairStart : form.length;
    const inner = form.slice(starts[k]!.valueStart, end);
    const hitInValue =
      inner.length >= 2 ? (detectInForm(inner, meter, BARE_ONLY) ?? truncatedAfterQuote(inner, meter)) : undefined;
    if (hitInValue) return hitInValue;
  }
  return undefined;
}
