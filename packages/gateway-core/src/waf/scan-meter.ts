/**
 * Counts the work the WAF's scanners do. Every loop in the tokenisers, the expression reader and
 * the rule passes adds one step per iteration, so the count bounds the time a value costs. The
 * tests use it to prove the screening linear without timing anything: for any input the steps stay
 * under a fixed multiple of its length (see `linear-time.test.ts`).
 */
export class ScanMeter {
  steps = 0;
}
