/**
 * The SQL-injection signatures added for issue 11, case by case: each attack names the rule it
 * trips, and the prose beside it (the same words, as a citizen writes them) trips none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScanMeter } from './scan-meter.ts';
import { parameterValueStarts } from './query-parameters.ts';
import { detectSqli } from './sqli-detector.ts';
import { foldFullwidth, urlDecode } from './normalise.ts';

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

  it('folds fullwidth forms to ASCII and leaves other text be', () => {
    assert.equal(foldFullwidth('\uff07\uff35\uff2e\uff29\uff2f\uff2e'), "'UNION");
    assert.equal(foldFullwidth('Zoë'), 'Zoë');
  });
});
