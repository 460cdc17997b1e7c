/**
 * The screening's cost is linear in the value's length, proved by counting, not timing: every loop
 * in the decoders, tokenisers, expression reader and rule passes adds one step to a ScanMeter per
 * iteration, so the step count bounds the work. For the inputs that made the old regular
 * expressions quadratic, and for seeded random mixes of the characters the scanners treat
 * specially, the steps stay under a fixed multiple of the length, and quadrupling the length at
 * most quadruples them. No regular expression runs while a value is screened (their backtracking
 * is what made the old detectors slow). Timings live in bench/waf-worst-case.ts.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ScanMeter } from './scan-meter.ts';
import { detectSqli } from './sqli-detector.ts';
import { detectXss } from './xss-detector.ts';

/** Steps allowed per character: the scanners take 2 to 10 on the worst inputs found. */
const STEPS_PER_CHAR = 32;

const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const FAMILIES: Readonly<Record<string, string>> = {
  "a quote then spaces (the issue's input)": "' ",
  'single quotes': "'",
  'double quotes': '"',
  '<a': '<a',
  '<a x="': '<a x="',
  union: 'union ',
  'union select': 'union select ',
  whitespace: ' ',
  '%25 chains': '%25',
  '%2527 chains': '%2527',
  'open brackets': '(',
  '(select': '(select ',
  'square brackets': '[',
  'entity openers': '&#',
  backslashes: '\\',
  tautologies: "' or 1=1 ",
  'and chains': '1 and ',
  comparisons: '1=',
  'comment openers': '/*',
  dashes: '--',
  'attribute lists': ' b=1',
  'event-handler-like attributes': ' onx=',
  'javascript: runs': 'javascript',
  'case expressions': 'case when ',
  'function calls': 'ascii(',
  'mixed punctuation': '\'"<>()=;-- /*',
  'query-string pairs': '&a=1 and ',
  'query-string names': '?a',
  // Each also screened a second way: `+` read as plus, comments inside words taken out.
  'plus-joined conditions': '+1 and ',
  'comments splitting words': 'a/**/b ',
  'typographic quotes': '\u2019 or ',
  'bracketed comparisons times a number': '(1=1)*',
  'backslash quotes': "\\' or ",
};

function steps(value: string): number {
  const meter = new ScanMeter();
  detectSqli(value, meter);
  detectXss(value, meter);
  return meter.steps;
}

function randomMix(seed: number, size: number): string {
  const pieces = ["'", '"', '`', '<', '>', '=', '(', ')', ' ', 'a', '1', '-', '/*', '#', ';', '%', '&#', '\\', '['];
  const words = [
    'or ',
    'and ',
    'union ',
    'select ',
    '<a ',
    'on',
    'x=',
    '--',
    'javascript:',
    'case ',
    'when ',
    'style=',
  ];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
  let s = '';
  while (s.length < size) s += next() % 3 === 0 ? words[next() % words.length]! : pieces[next() % pieces.length]!;
  return s.slice(0, size);
}

describe('WAF screening cost', () => {
  for (const [name, unit] of Object.entries(FAMILIES)) {
    it(`grows linearly with the length of ${name}`, () => {
      const at8k = steps(fill(unit, 8 * 1024));
      const at32k = steps(fill(unit, 32 * 1024));
      assert.ok(at8k <= STEPS_PER_CHAR * 8 * 1024, `${at8k} steps for 8 KiB`);
      assert.ok(at32k <= STEPS_PER_CHAR * 32 * 1024, `${at32k} steps for 32 KiB`);
      // Quadratic work would multiply by 16 here.
      assert.ok(at32k <= 4.5 * at8k + 1000, `${at8k} steps at 8 KiB but ${at32k} at 32 KiB`);
    });
  }

  it('never throws, whatever short string it is given (look-ahead at the end of a value stays in bounds)', () => {
    const alphabet = [
      "'",
      '"',
      '(',
      ')',
      '<',
      '=',
      ';',
      '-',
      '#',
      '/',
      '*',
      '1',
      'a',
      ' ',
      'or',
      'and',
      'union',
      'select',
      'order',
      'by',
      'if',
      'char',
      'sleep',
      'exec',
      'drop',
      'insert',
      'into',
      'delete',
      'from',
      'update',
      'set',
      'case',
      'when',
      '@@v',
      '0x41414141',
      'on',
      'x=',
      'style',
      'javascript:',
      '&#',
      '\\',
      '%',
      '[',
    ];
    let state = 99;
    const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
    for (let i = 0; i < 20000; i++) {
      let s = '';
      const parts = 1 + (next() % 8);
      for (let p = 0; p < parts; p++) s += alphabet[next() % alphabet.length]!;
      assert.doesNotThrow(() => {
        detectSqli(s);
        detectXss(s);
      }, s);
    }
  });

  it('stays within the per-character bound on seeded random mixes of SQL and HTML punctuation', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const value = randomMix(seed, 8 * 1024);
      const n = steps(value);
      assert.ok(n <= STEPS_PER_CHAR * value.length, `seed ${seed}: ${n} steps`);
    }
  });
});

describe('WAF screening', () => {
  const exec = Object.getOwnPropertyDescriptor(RegExp.prototype, 'exec')!;
  let calls = 0;
  beforeEach(() => {
    calls = 0;
    // Every regular-expression operation (test, match, replace, split) goes through exec.
    Object.defineProperty(RegExp.prototype, 'exec', {
      ...exec,
      value(this: RegExp, s: string) {
        calls++;
        return (exec.value as typeof RegExp.prototype.exec).call(this, s);
      },
    });
  });
  afterEach(() => Object.defineProperty(RegExp.prototype, 'exec', exec));

  it('runs no regular expression on the value', () => {
    const values = [
      "1' or '1'='1",
      "admin'--",
      '<img src=x onerror=alert(1)>',
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      "O'Brien &amp; Sons <ltd>",
      '\\u003cscript\\u003e',
      randomMix(7, 4096),
    ];
    for (const v of values) {
      detectSqli(v);
      detectXss(v);
    }
    assert.equal(calls, 0);
  });

  it('would notice a regular expression if one ran', () => {
    /x/.test('x');
    assert.equal(calls, 1);
  });
});
