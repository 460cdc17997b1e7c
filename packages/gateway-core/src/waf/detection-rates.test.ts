/**
 * Detection and false-positive rates of the WAF's injection detectors on the corpora in
 * tests/fixtures/waf/ (see its README for sources, licences and the split):
 *  - public held-out: libinjection's test data the detectors were never tuned on (a Russian-forum
 *    SQLi collection, real WordPress attacks, Black Hat obfuscations, html5sec.org, and every second
 *    sample of libinjection's own false-positive list). These rates gate: they are the honest
 *    estimate of how the detectors generalise.
 *  - public tuning: the rest of libinjection's data, which the rules were developed against, and
 *    PayloadsAllTheThings' SQL-injection Intruder lists (auth bypass, error-, time- and blind forms,
 *    MSSQL WHERE and INSERT delays, MySQL ORDER BY, FuzzDB's MSSQL list, polyglots);
 *  - our own DWP samples: tuning (sqli.txt, xss.txt, benign.txt) and held-out (holdout-*.txt).
 * Prints every rate; set WAF_CORPUS_VERBOSE=1 to list misses and false alarms.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectSqli } from './sqli-detector.ts';
import { detectXss } from './xss-detector.ts';

const DIR = fileURLToPath(new URL('../../../../tests/fixtures/waf/', import.meta.url));
const verbose = process.env.WAF_CORPUS_VERBOSE === '1';

const samples = (file: string) =>
  readFileSync(DIR + file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'));

type Kind = 'sqli' | 'xss' | 'benign';
const kindOf = (file: string): Kind => (file.startsWith('sqli-') ? 'sqli' : file.startsWith('xss-') ? 'xss' : 'benign');

/** Every sample of one kind in a folder of the public corpus. */
function publicSet(folder: 'tuning' | 'held-out', kind: Kind): string[] {
  return readdirSync(`${DIR}libinjection/${folder}`)
    .filter((f) => f.endsWith('.txt') && kindOf(f) === kind)
    .sort()
    .flatMap((f) => samples(`libinjection/${folder}/${f}`));
}

/** Every sample of one kind in one of the other public tuning corpora (a folder under tests/fixtures/waf/). */
function otherPublicSet(source: 'payloadsallthethings', kind: Kind): string[] {
  return readdirSync(`${DIR}${source}`)
    .filter((f) => f.endsWith('.txt') && kindOf(f) === kind)
    .sort()
    .flatMap((f) => samples(`${source}/${f}`));
}

const flagged = (s: string) => detectSqli(s) ?? detectXss(s);
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} % (${n}/${d})`;

/** Share of attacks detected; logs it. */
function detection(label: string, attacks: readonly string[]): number {
  const missed = attacks.filter((s) => !flagged(s));
  console.log(`[waf corpus] ${label} detection rate: ${pct(attacks.length - missed.length, attacks.length)}`);
  if (verbose) for (const m of missed) console.log(`  missed: ${m}`);
  return (attacks.length - missed.length) / attacks.length;
}

/** Share of benign samples flagged; logs it. */
function falsePositives(label: string, benign: readonly string[]): number {
  const alarms = benign.map((s) => ({ s, d: flagged(s) })).filter((x) => x.d);
  console.log(`[waf corpus] ${label} false-positive rate: ${pct(alarms.length, benign.length)}`);
  if (verbose) for (const a of alarms) console.log(`  false alarm (${a.d!.rule}): ${a.s}`);
  return alarms.length / benign.length;
}

/**
 * Held-out floors. Issue 11 asks for >= 97 % SQLi and XSS detection and <= 1 % false positives
 * on a large public corpus: where that is reached the target is the floor, where not (held-out
 * SQLi: 96.4 % before issue 11, 96.7 % after its first rules and still 96.7 % (295/305) after the
 * second pass of classes from the tuning lists and SQL grammar) the floor is just under the rate
 * reached, so a regression fails.
 */
const HELD_OUT_MIN_SQLI = 0.965;
const HELD_OUT_MIN_XSS = 0.97;
const HELD_OUT_MAX_FALSE_POSITIVES = 0.01;
/**
 * Tuning floors, just under the rates reached (95.9 %, 894/932). The SQLi misses are mostly
 * libinjection's `A 'AND' B` forms (a quoted operator between words), which read the same as prose
 * such as `"IS" STAMP` and are let through on purpose.
 */
const TUNING_MIN_SQLI = 0.955;
/**
 * PayloadsAllTheThings just under the rate reached (92.0 %, 531/577 over its nine Intruder lists).
 * The misses are bare `ORDER BY n` with nothing after it, ` OR x=y`, quotes around a space (`' '`),
 * which read the same as a reply or prose, and Auth_Bypass2's lone `=`, `==` and `'`.
 */
const PATT_MIN_SQLI = 0.915;
const TUNING_MIN_XSS = 0.99;
const TUNING_MAX_FALSE_POSITIVES = 0.01;

describe('WAF injection detectors on public corpora held out from tuning (libinjection data/)', () => {
  it('detect SQL injection in the held-out SQLi collections', () => {
    assert.ok(detection('public held-out SQLi', publicSet('held-out', 'sqli')) >= HELD_OUT_MIN_SQLI);
  });

  it('detect XSS in the held-out XSS collections', () => {
    assert.ok(detection('public held-out XSS', publicSet('held-out', 'xss')) >= HELD_OUT_MIN_XSS);
  });

  it("rarely flag the held-out half of libinjection's false-positive list", () => {
    assert.ok(falsePositives('public held-out', publicSet('held-out', 'benign')) <= HELD_OUT_MAX_FALSE_POSITIVES);
  });
});

describe('WAF injection detectors on public tuning corpora (libinjection data/)', () => {
  it('detect the SQL injection they were tuned on', () => {
    assert.ok(detection('public tuning SQLi', publicSet('tuning', 'sqli')) >= TUNING_MIN_SQLI);
  });

  it('detect the XSS they were tuned on', () => {
    assert.ok(detection('public tuning XSS', publicSet('tuning', 'xss')) >= TUNING_MIN_XSS);
  });

  it('rarely flag the tuning half of the false-positive list', () => {
    assert.ok(falsePositives('public tuning', publicSet('tuning', 'benign')) <= TUNING_MAX_FALSE_POSITIVES);
  });
});

describe('WAF injection detectors on public tuning corpora (PayloadsAllTheThings SQL Injection/Intruder/)', () => {
  it('detect the SQL injection they were tuned on', () => {
    const rate = detection('public tuning SQLi (PayloadsAllTheThings)', otherPublicSet('payloadsallthethings', 'sqli'));
    assert.ok(rate >= PATT_MIN_SQLI);
  });
});

describe('WAF injection detectors on DWP samples', () => {
  it('detect every SQL-injection and XSS sample, tuning and held out', () => {
    for (const file of ['sqli.txt', 'holdout-sqli.txt', 'xss.txt', 'holdout-xss.txt'])
      assert.equal(detection(`DWP ${file}`, samples(file)), 1, file);
  });

  it('flag none of the DWP form inputs, tuning or held out', () => {
    for (const file of ['benign.txt', 'holdout-benign.txt'])
      assert.equal(falsePositives(`DWP ${file}`, samples(file)), 0, file);
  });
});
