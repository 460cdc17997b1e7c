/**
 * Detection and false-positive rates of the WAF's injection detectors on the corpus in
 * tests/fixtures/waf/. Prints both rates; fails if detection drops below 95 % on either attack
 * set or any benign sample is flagged (set WAF_CORPUS_VERBOSE=1 to list misses and false alarms).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectSqli } from './sqli-detector.ts';
import { detectXss } from './xss-detector.ts';

const DIR = fileURLToPath(new URL('../../../../tests/fixtures/waf/', import.meta.url));
const samples = (file: string) =>
  readFileSync(DIR + file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0 && !l.startsWith('#'));
const verbose = process.env.WAF_CORPUS_VERBOSE === '1';
const flagged = (s: string) => detectSqli(s) ?? detectXss(s);
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)} % (${n}/${d})`;

/** Minimum share of attack samples detected. */
const MIN_DETECTION = 0.95;

describe('WAF injection detectors on the held-out corpus (never used to tune them)', () => {
  // Reported, not gated: these rates are the honest estimate of how the detectors generalise.
  it('reports detection and false-positive rates on samples the detectors were not tuned on', () => {
    const attacks = [...samples('holdout-sqli.txt'), ...samples('holdout-xss.txt')];
    const benign = samples('holdout-benign.txt');
    const missed = attacks.filter((s) => !flagged(s));
    const alarms = benign.filter((s) => flagged(s));
    console.log(
      `[waf corpus] held-out SQLi detection rate: ${pct(samples('holdout-sqli.txt').filter((s) => flagged(s)).length, samples('holdout-sqli.txt').length)}`,
    );
    console.log(
      `[waf corpus] held-out XSS detection rate: ${pct(samples('holdout-xss.txt').filter((s) => flagged(s)).length, samples('holdout-xss.txt').length)}`,
    );
    console.log(`[waf corpus] held-out false-positive rate: ${pct(alarms.length, benign.length)}`);
    if (verbose) {
      for (const m of missed) console.log(`  held-out missed: ${m}`);
      for (const a of alarms) console.log(`  held-out false alarm (${flagged(a)!.rule}): ${a}`);
    }
    assert.ok(attacks.length > 0 && benign.length > 0);
  });
});

describe('WAF injection detectors on the tuning corpus', () => {
  it('detects at least 95 % of the SQL-injection samples', () => {
    const all = samples('sqli.txt');
    const missed = all.filter((s) => !flagged(s));
    console.log(`[waf corpus] SQLi detection rate: ${pct(all.length - missed.length, all.length)}`);
    if (verbose) for (const m of missed) console.log(`  missed: ${m}`);
    assert.ok((all.length - missed.length) / all.length >= MIN_DETECTION, `missed: ${missed.join(' | ')}`);
  });

  it('detects at least 95 % of the XSS samples', () => {
    const all = samples('xss.txt');
    const missed = all.filter((s) => !flagged(s));
    console.log(`[waf corpus] XSS detection rate: ${pct(all.length - missed.length, all.length)}`);
    if (verbose) for (const m of missed) console.log(`  missed: ${m}`);
    assert.ok((all.length - missed.length) / all.length >= MIN_DETECTION, `missed: ${missed.join(' | ')}`);
  });

  it('flags none of the benign DWP form inputs', () => {
    const all = samples('benign.txt');
    const alarms = all.map((s) => ({ s, d: flagged(s) })).filter((x) => x.d);
    console.log(`[waf corpus] false-positive rate: ${pct(alarms.length, all.length)}`);
    if (verbose) for (const a of alarms) console.log(`  false alarm (${a.d!.rule}): ${a.s}`);
    assert.deepEqual(
      alarms.map((a) => `${a.d!.rule}: ${a.s}`),
      [],
    );
  });
});
