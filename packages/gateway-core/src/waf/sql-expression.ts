/**
 * Reads a SQL value expression from a token stream (`1`, `'a'='a'`, `ascii(substring(x,1,1))>64`,
 * `(select ...)`) and reports what it contains, so the rules can tell `' or 1=1` (a comparison
 * injected after a quote) from `Mum and dad` (words). Every call moves forward through the tokens
 * and never returns to one it has passed; nesting deeper than MAX_DEPTH stops the reading.
 */
import type { ScanMeter } from './scan-meter.ts';
import { tokenAt, type Token } from './sql-tokenizer.ts';
import {
  ARITHMETIC_WORDS,
  ATTACK_FUNCTIONS,
  CLAUSES,
  COMPARISON_WORDS,
  CONSTANT_WORDS,
  LOGIC,
  NILADIC,
  SQL_FUNCTIONS,
  STATEMENT_STARTS,
  UNARY_WORDS,
  inSet,
} from './sql-lexicon.ts';

/** Brackets nested deeper than this end the reading (what follows is not looked at as an expression). */
export const MAX_DEPTH = 32;

const COMPARISON_OPS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '<=>', '!<', '!>', '==']);
const ARITHMETIC_OPS = new Set(['+', '-', '*', '/', '%', '^', '&', '|', '<<', '>>', '::', ':=', '~', ':']);
const UNARY_OPS = new Set(['-', '+', '!', '~']);

export interface ExprFacts {
  /** Index of the first token after the expression. */
  end: number;
  /** Operands read (values, calls, brackets). */
  operands: number;
  /** Operands that are plain words (column names, or English). */
  words: number;
  /** Operands that are literals: numbers, strings, NULL/TRUE/FALSE. */
  literals: number;
  /** Strings among the literals. */
  strings: number;
  /** A comparison joined two operands. */
  comparison: boolean;
  /** ...with a word (LIKE, IS, IN, REGEXP, BETWEEN), not a symbol. */
  wordComparison: boolean;
  /** An arithmetic or bitwise operator joined two operands. */
  arithmetic: boolean;
  /** A known SQL function was called. */
  sqlCall: boolean;
  /** A function only attackers call was called. */
  attackCall: boolean;
  /** A bracketed SELECT. */
  subquery: boolean;
  /** A known function called inside another's arguments (`ascii(substring(...))`). */
  nestedCall: boolean;
  /** Arithmetic on a bracketed comparison (`(5=5)*3`): a truth value used as a number, as only SQL does. */
  booleanArithmetic: boolean;
}

const newFacts = (end: number): ExprFacts => ({
  end,
  operands: 0,
  words: 0,
  literals: 0,
  strings: 0,
  comparison: false,
  wordComparison: false,
  arithmetic: false,
  sqlCall: false,
  attackCall: false,
  subquery: false,
  nestedCall: false,
  booleanArithmetic: false,
});

export const isWord = (t: Token | undefined, ...texts: string[]) =>
  t !== undefined && t.kind === 'word' && texts.includes(t.text);

export const isLogic = (t: Token | undefined) =>
  t !== undefined && (t.kind === 'word' || t.kind === 'op') && LOGIC.has(t.text);

export const isComparison = (t: Token | undefined) =>
  t !== undefined &&
  ((t.kind === 'op' && COMPARISON_OPS.has(t.text)) || (t.kind === 'word' && COMPARISON_WORDS.has(t.text)));

const isArithmetic = (t: Token | undefined) =>
  t !== undefined &&
  ((t.kind === 'op' && ARITHMETIC_OPS.has(t.text)) || (t.kind === 'word' && ARITHMETIC_WORDS.has(t.text)));

/** A word that is SQL syntax, not a value (`from`, `union`, `and`, `select`). */
export const isKeyword = (t: Token | undefined) =>
  t !== undefined &&
  t.kind === 'word' &&
  (CLAUSES.has(t.text) ||
    STATEMENT_STARTS.has(t.text) ||
    LOGIC.has(t.text) ||
    COMPARISON_WORDS.has(t.text) ||
    ARITHMETIC_WORDS.has(t.text) ||
    UNARY_WORDS.has(t.text));

function merge(into: ExprFacts, from: ExprFacts): void {
  into.words += from.words;
  into.literals += from.literals;
  into.strings += from.strings;
  into.comparison ||= from.comparison;
  into.wordComparison ||= from.wordComparison;
  into.arithmetic ||= from.arithmetic;
  into.sqlCall ||= from.sqlCall;
  into.attackCall ||= from.attackCall;
  into.subquery ||= from.subquery;
  into.nestedCall ||= from.nestedCall;
  into.booleanArithmetic ||= from.booleanArithmetic;
}

/** Skips a bracketed SELECT from `select` to its closing bracket (or the end); returns the index after it. */
function skipSubquery(t: readonly Token[], i: number, m: ScanMeter): number {
  let depth = 0;
  while (tokenAt(t, i).kind !== 'end') {
    m.steps++;
    const k = tokenAt(t, i).kind;
    if (k === '(') depth++;
    else if (k === ')') {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return i;
}

/** Reads a bracket's content from just after `(`: a list of conditions, or a SELECT. Returns facts with `end` after `)`. */
function readBracket(t: readonly Token[], i: number, depth: number, m: ScanMeter): ExprFacts {
  const facts = newFacts(i);
  if (isWord(tokenAt(t, i), 'select')) {
    facts.subquery = true;
    i = skipSubquery(t, i + 1, m);
  } else {
    for (;;) {
      m.steps++;
      const inner = readExpr(t, i, depth + 1, m, true);
      merge(facts, inner);
      facts.operands += inner.operands;
      i = inner.end;
      if (tokenAt(t, i).kind === ',' && inner.operands > 0) {
        i++;
        continue;
      }
      break;
    }
    if (facts.operands > 0) i = skipTypeName(t, i, m);
  }
  facts.end = tokenAt(t, i).kind === ')' ? i + 1 : i;
  return facts;
}

/** The types and character sets CAST(x AS ...) and CONVERT(x USING ...) name. */
const TYPE_NAMES = new Set(
  `char varchar nchar nvarchar int integer signed unsigned bigint smallint tinyint decimal numeric float
  double real bit binary varbinary date datetime time timestamp json text ntext money uniqueidentifier
  utf8 utf8mb4 latin1 ascii ucs2 sql_variant xml`.split(/\s+/),
);

/**
 * After a value in a CAST or CONVERT, `AS type` or `USING charset` (`cast(1 as signed)`,
 * `convert(x using utf8)`, `cast(x as varchar(40))`): the index after the type, or i when none is
 * there. Looks at most a type name, its bracketed size and a second word (`double precision`).
 */
function skipTypeName(t: readonly Token[], i: number, m: ScanMeter): number {
  if (!isWord(tokenAt(t, i), 'as', 'using') || tokenAt(t, i + 1).kind !== 'word') return i;
  if (!TYPE_NAMES.has(tokenAt(t, i + 1).text)) return i;
  m.steps++;
  let j = i + 2;
  if (tokenAt(t, j).kind === '(') {
    // varchar(40), decimal(10,2)
    let k = j + 1;
    while (k < j + 4 && (tokenAt(t, k).kind === 'num' || tokenAt(t, k).kind === ',' || isWord(tokenAt(t, k), 'max')))
      k++;
    if (tokenAt(t, k).kind === ')') j = k + 1;
  }
  if (tokenAt(t, j).kind === 'word' && !isKeyword(tokenAt(t, j))) j++;
  return j;
}

/** Reads one operand at i; returns undefined when tokenAt(t, i) is not a value. */
function readOperand(t: readonly Token[], i: number, depth: number, m: ScanMeter): ExprFacts | undefined {
  m.steps++;
  if (depth >= MAX_DEPTH) return undefined;
  const tok = tokenAt(t, i);
  const facts = newFacts(i + 1);
  facts.operands = 1;
  switch (tok.kind) {
    case 'num':
      facts.literals = 1;
      return facts;
    case 'str': {
      // Adjacent literals are one string in MySQL and standard SQL (`'a' 'b'` is `'ab'`).
      let j = i + 1;
      while (tokenAt(t, j).kind === 'str') {
        m.steps++;
        j++;
      }
      facts.end = j;
      facts.literals = 1;
      facts.strings = j - i;
      return facts;
    }
    case 'var':
      return facts;
    case '(': {
      const inner = readBracket(t, i + 1, depth, m);
      inner.operands = 1;
      return inner;
    }
    case 'word': {
      if (CONSTANT_WORDS.has(tok.text)) {
        facts.literals = 1;
        return facts;
      }
      const known = inSet(SQL_FUNCTIONS, tok.text) || NILADIC.has(tok.text) || tok.text === 'exists';
      const attack = inSet(ATTACK_FUNCTIONS, tok.text);
      if (tokenAt(t, i + 1).kind === '(' && (!isKeyword(tok) || known || attack)) {
        const args = readBracket(t, i + 2, depth, m);
        args.operands = 1;
        args.nestedCall ||= (known || attack) && (args.sqlCall || args.attackCall || args.subquery);
        args.sqlCall ||= known;
        args.attackCall ||= attack;
        return args;
      }
      if (tok.text === 'exists' && isWord(tokenAt(t, i + 1), 'select')) return undefined;
      if (NILADIC.has(tok.text)) {
        facts.sqlCall = true;
        return facts;
      }
      if (tok.text === 'case') return readCase(t, i + 1, depth, m);
      if (tok.text === 'match') return readFullTextMatch(t, i + 1, m);
      if (isKeyword(tok)) return undefined;
      facts.words = 1;
      return facts;
    }
    case 'other':
      return tok.text === '{' ? readEscape(t, i + 1, depth, m) : undefined;
    default:
      return undefined;
  }
}

/**
 * An ODBC escape, `{fn ascii('a')}`, `{d '2013-01-01'}`, or MySQL's `{x 1}` (any word, then an
 * expression, in braces), from just after `{`: syntax only SQL has, so it counts as a call.
 */
function readEscape(t: readonly Token[], i: number, depth: number, m: ScanMeter): ExprFacts | undefined {
  if (tokenAt(t, i).kind !== 'word') return undefined;
  const inner = readExpr(t, i + 1, depth + 1, m, true);
  const close = tokenAt(t, inner.end);
  if (inner.operands === 0 || close.kind !== 'other' || close.text !== '}') return undefined;
  inner.operands = 1;
  inner.sqlCall = true;
  inner.end += 1;
  return inner;
}

/** Columns a MATCH names before AGAINST, and modifier words after its search string: a few. */
const MAX_MATCH_WORDS = 8;

/**
 * MySQL's full-text search, MATCH [(]col, ...[)] AGAINST ('words' [IN BOOLEAN MODE ...]), from
 * just after `match`: a search string in brackets after AGAINST, which prose ("the match against
 * (Leeds)") never has. Undefined when it is not one.
 */
function readFullTextMatch(t: readonly Token[], i: number, m: ScanMeter): ExprFacts | undefined {
  const facts = newFacts(i);
  facts.operands = 1;
  facts.sqlCall = true;
  const limit = i + 2 * MAX_MATCH_WORDS;
  while (
    i < limit &&
    (tokenAt(t, i).kind === 'word' ||
      tokenAt(t, i).kind === ',' ||
      tokenAt(t, i).kind === '(' ||
      tokenAt(t, i).kind === ')') &&
    !isWord(tokenAt(t, i), 'against')
  ) {
    m.steps++;
    i++;
  }
  if (!isWord(tokenAt(t, i), 'against') || tokenAt(t, i + 1).kind !== '(' || tokenAt(t, i + 2).kind !== 'str')
    return undefined;
  i += 3;
  for (let words = 0; tokenAt(t, i).kind === 'word' && words < MAX_MATCH_WORDS; words++) {
    m.steps++;
    i++;
  }
  if (tokenAt(t, i).kind !== ')') return undefined;
  facts.end = i + 1;
  return facts;
}

/** CASE [x] WHEN c THEN v ... [ELSE v] END, from just after `case`. */
function readCase(t: readonly Token[], i: number, depth: number, m: ScanMeter): ExprFacts | undefined {
  const facts = newFacts(i);
  facts.operands = 1;
  facts.sqlCall = true;
  let sawWhen = false;
  while (tokenAt(t, i).kind !== 'end') {
    m.steps++;
    if (isWord(tokenAt(t, i), 'when', 'then', 'else')) {
      sawWhen ||= tokenAt(t, i).text === 'when';
      i++;
      continue;
    }
    if (isWord(tokenAt(t, i), 'end')) {
      facts.end = i + 1;
      return sawWhen ? facts : undefined;
    }
    const e = readExpr(t, i, depth + 1, m, true);
    if (e.operands === 0) return undefined;
    merge(facts, e);
    i = e.end;
  }
  return undefined;
}

/**
 * Reads `operand (operator operand)*` from i. With `logic`, AND/OR/XOR also join operands (inside
 * brackets); without, the expression stops before them so the caller can look at each condition.
 */
export function readExpr(t: readonly Token[], i: number, depth: number, m: ScanMeter, logic = false): ExprFacts {
  const facts = newFacts(i);
  let afterArithmetic = false;
  for (;;) {
    m.steps++;
    // Prefix operators: - + ! ~ NOT BINARY.
    while (
      (tokenAt(t, i).kind === 'op' && UNARY_OPS.has(tokenAt(t, i).text)) ||
      isWord(tokenAt(t, i), 'not', 'binary')
    ) {
      m.steps++;
      i++;
    }
    const operand = readOperand(t, i, depth, m);
    if (!operand) {
      // An operator left dangling at the very end (`1=1-`) still ends the expression there.
      if (facts.operands > 0 && tokenAt(t, i).kind === 'end') facts.end = i;
      break;
    }
    merge(facts, operand);
    facts.operands += operand.operands;
    const bracketedComparison = tokenAt(t, i).kind === '(' && operand.comparison;
    i = operand.end;
    facts.end = i;
    const op = tokenAt(t, i);
    if (bracketedComparison && (afterArithmetic || isArithmetic(op))) facts.booleanArithmetic = true;
    afterArithmetic = isArithmetic(op);
    if (isComparison(op) || isWord(op, 'not')) {
      // IS [NOT], NOT LIKE/IN/REGEXP/BETWEEN, SOUNDS LIKE, BETWEEN x AND y.
      let j = i + 1;
      if (op.text === 'not') {
        if (!isComparison(tokenAt(t, j))) break;
        j++;
      }
      while (isWord(tokenAt(t, j), 'not', 'like', 'binary')) {
        m.steps++;
        j++;
      }
      facts.comparison = true;
      facts.wordComparison ||= op.kind === 'word';
      if (isWord(op, 'between') || isWord(tokenAt(t, j - 1), 'between')) {
        const low = readExpr(t, j, depth, m);
        merge(facts, low);
        j = isWord(tokenAt(t, low.end), 'and') ? low.end + 1 : low.end;
      }
      i = j;
      continue;
    }
    if (isArithmetic(op)) {
      facts.arithmetic = true;
      i++;
      continue;
    }
    if (logic && isLogic(op)) {
      i++;
      continue;
    }
    break;
  }
  return facts;
}
