/**
 * The SQL-injection signatures added for issue 11, case by case: each attack names the rule it
 * trips, and the prose beside it (the same words, as a citizen writes them) trips none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScanMeter } from './scan-meter.ts';
import { parameterValueStarts } from './query-parameters.ts';
import { detectSqli } from './sqli-detector.ts';
import { foldFullwidth, foldTypographic, joinSplitWords, urlDecode } from './normalise.ts';

const ruleOf = (value: string) => detectSqli(value)?.rule ?? 'none';

describe('detectSqli', () => {
  // value | rule
  const attacks: ReadonlyArray<readonly [string, string]> = [
    ['/news.php?id=1 and 1=1', 'sqli.tautology'],
    ['https://x.example/p?cat=2&id=7 or 8=8--', 'sqli.tautology'],
    ["1 and x'41'=x'41'", 'sqli.tautology'],
    ["1 union select n'a'", 'sqli.union-select'],
    ["1 union select _latin1'a'", 'sqli.union-select'],
    ['\\Nunion select null', 'sqli.union-select'],
    ['1 union select{x 1}', 'sqli.union-select'],
    ['1 union distinctrow select 1', 'sqli.union-select'],
    ['1;--', 'sqli.comment-truncation'],
    ['1%a0and%a01=1', 'sqli.tautology'],
    ['1 and@@version=1', 'sqli.schema-probe'],
    ['\uff07 \uff4f\uff52 \uff11\uff1d\uff11--', 'sqli.tautology'],
    [' or x=x--', 'sqli.tautology'],
    [' where 1=1 and 1=0', 'sqli.tautology'],
    [' as injectx where 1=1 and 1=1#', 'sqli.tautology'],
    [' order by 3-- ', 'sqli.order-by-probe'],
    ["x', 'a')--", 'sqli.value-list'],
    ["x'),('a','b')#", 'sqli.value-list'],
    ["x', is_admin=1 where id=1#", 'sqli.value-list'],
    ["x' where 1=1--", 'sqli.quote-keyword'],
  ];
  for (const [value, rule] of attacks)
    it(`flags ${JSON.stringify(value)} as ${rule}`, () => {
      assert.equal(ruleOf(value), rule);
    });

  const prose = [
    "We went to a rock n' roll night for my x'mas do.",
    'My files are in C:\\New folder\\Notes and letters',
    'Where 1=1 is true, the maths checks out.',
    'Or x=x, as my tutor used to say.',
    'Please order by 5 December if you can.',
    "https://www.gov.uk/search/all?keywords=O'Brien+allowance&order=relevance",
    '/search?q="mod"&view_type=gallery',
    '?q=1 and 2 bedrooms',
    'name=Bob and Alice',
    '1, 2)-- see above',
    "O'Neil, Mary (Mrs)",
    'user@@example.com',
  ];
  for (const value of prose)
    it(`lets ${JSON.stringify(value)} through`, () => {
      assert.equal(ruleOf(value), 'none');
    });
});

describe('detectSqli, classes of miss found on the public tuning lists and in SQL grammar', () => {
  // value | rule; each class has its prose twins below.
  const attacks: ReadonlyArray<readonly [string, string]> = [
    // Typographic quotes and dashes, as word processors and SQL Server's best-fit conversion leave them.
    ['\u2019 or \u20181\u2019=\u20191', 'sqli.tautology'],
    ["' or 1=1\u2013", 'sqli.tautology'],
    // Adjacent string literals are one string.
    ["' or '' '", 'sqli.tautology'],
    // MySQL's quoted user-variable names.
    ['1" or @"a" is null--', 'sqli.tautology'],
    // MySQL full-text search.
    ["' or match(username) against ('+admin' in boolean mode);--", 'sqli.tautology'],
    // Overlong UTF-8 for the quote.
    ['admin%c0%a7--', 'sqli.comment-truncation'],
    // SQL Server's control-character whitespace; MySQL's `#` comment ending the line.
    ['1%01union%01select%011,2', 'sqli.union-select'],
    ['1 union#1%0Aselect 1', 'sqli.union-select'],
    // ODBC escapes, user-variable assignment, a comparison used as a number, a bracketed CASE.
    ["1 and {fn ascii('a')}=97", 'sqli.tautology'],
    ['1 and @a:=1', 'sqli.variable-assignment'],
    ['(5864=5864)*3127', 'sqli.expression'],
    ['1 and (5864=5864)*3127', 'sqli.tautology'],
    [',(case when 5864=5864 then 1 else null end)', 'sqli.expression'],
    ['1 and 1=(select 1 from sysibm.sysdummy1)', 'sqli.subquery'],
    // CAST(x AS type), MySQL's mod(), get_lock() delays, stacked SHOW.
    ["1 and cast('1' as signed)=1", 'sqli.tautology'],
    ['1 and mod(29,9)=2', 'sqli.tautology'],
    ["1 and get_lock('a',5)", 'sqli.blind-function'],
    ['1;show tables', 'sqli.stacked-query'],
    // A negative id and a bare UNION; Oracle's CONNECT BY after a tautology.
    ['-1%20union%20all', 'sqli.union-select'],
    ['1 or 1=1 connect by level<2', 'sqli.tautology'],
    // Standard SQL strings, where a backslash escapes nothing.
    ["x\\' or 1=1--", 'sqli.tautology'],
    ["admin\\'--", 'sqli.comment-truncation'],
    // A query-string value closed by a quote and cut off.
    ["/login?user=admin'--&pass=x", 'sqli.comment-truncation'],
    // The tail of a select list, and a column-count probe.
    ['concat(username,0x3a,password) from users--', 'sqli.select-from'],
    ['* from users where 1=1', 'sqli.select-from'],
    ['1,2,3,4--', 'sqli.select-from'],
    // Boolean blind after a number with a constant only SQL writes.
    ['1 and ~~1', 'sqli.tautology'],
    ['1 && 1', 'sqli.tautology'],
    ['1 and 0x1', 'sqli.tautology'],
    ['or true--', 'sqli.tautology'],
    // A comment splitting a keyword, for a filter that strips comments.
    ['1 un/**/ion sel/**/ect 1,2', 'sqli.union-select'],
    // `+` read as plus where the value was not form-encoded.
    ['1+ASCII(substring(passwd,1,1))-4', 'sqli.function-chain'],
  ];
  for (const [value, rule] of attacks)
    it(`flags ${JSON.stringify(value)} as ${rule}`, () => {
      assert.equal(ruleOf(value), rule);
    });

  const prose = [
    'I\u2019m O\u2019Brien \u2014 it\u2019s fine, honestly.',
    'I live at no. 7 \u2013 the door\u2019s round the back.',
    "He said 'yes' 'no' and left",
    'Email @"work" or home',
    'The match against (Leeds) was cancelled',
    'Flat #2\nHigh Street',
    '(2=3) is false',
    '3*2=6',
    'Just in case (when you call) then ring me at the end',
    'Contact @dwp_uk: thanks',
    "/search?q=O'Brien--",
    'pens, paper from Tesco',
    '1, 2 from the list',
    '1,2--',
    '1 and 2',
    '1 and 1/2 hours',
    '1 and 1.5 litres',
    'or so--',
    'It was/*sort of*/fine',
    '1+1=2',
    'A+ grade in C++ and C#',
    '+44 7700 900123',
    'FOO+BAR%27%23+BLAH',
    'Tom and cast (him as lead)',
    'I need a mod (for my car)',
    '1; show full details',
    'Please show tables and chairs',
    "It\\'s fine, O\\'Brien",
    "C:\\'s drive",
    '12 Union',
    '-1 union street',
    'Mum and dad connect by phone',
  ];
  for (const value of prose)
    it(`lets ${JSON.stringify(value)} through`, () => {
      assert.equal(ruleOf(value), 'none');
    });
});

describe('parameterValueStarts', () => {
  it('finds each value after ?name= and &name=, and a leading name=', () => {
    const s = 'id=1&q=a b?x=&&y';
    assert.deepEqual(parameterValueStarts(s, new ScanMeter()), [
      { pairStart: 0, valueStart: 3 },
      { pairStart: 4, valueStart: 7 },
      { pairStart: 10, valueStart: 13 },
    ]);
  });

  it('reads no name longer than 64 characters or without its =', () => {
    assert.deepEqual(parameterValueStarts(`?${'a'.repeat(65)}=1&b&&c=`, new ScanMeter()), [
      { pairStart: 71, valueStart: 74 },
    ]);
  });
});

describe('decoding for the SQL reading', () => {
  it('reads a percent-encoded byte run that is no UTF-8 as Latin-1', () => {
    assert.equal(urlDecode('1%a0or'), '1\u00a0or');
    assert.equal(urlDecode('caf%C3%A9'), 'café');
  });

  it('reads overlong UTF-8 as the character it encodes, and other stray bytes as Latin-1', () => {
    assert.equal(urlDecode('%c0%a7'), "'");
    assert.equal(urlDecode('%e0%80%a7'), "'");
    assert.equal(urlDecode('%c0x'), '\u00c0x');
  });

  it('folds typographic quotes and dashes to ASCII and leaves other text be', () => {
    assert.equal(foldTypographic('\u2018a\u2019 \u201cb\u201d \u2032 \u02bc \u2013\u2014'), "'a' \"b\" ' ' --");
    assert.equal(foldTypographic('Zo\u00eb \u00a35'), 'Zo\u00eb \u00a35');
  });

  it('takes out comments that split a word, and only those', () => {
    assert.equal(joinSplitWords('un/**/ion sel/*x*/ect 1 /**/ 2'), 'union select 1 /**/ 2');
    assert.equal(joinSplitWords('1 /**/ union /*!50000select*/'), undefined);
  });

  it('folds fullwidth forms to ASCII and leaves other text be', () => {
    assert.equal(foldFullwidth('\uff07\uff35\uff2e\uff29\uff2f\uff2e'), "'UNION");
    assert.equal(foldFullwidth('Zoë'), 'Zoë');
  });
});
