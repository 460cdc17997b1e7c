import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalisePostcode } from './postcode.ts';

describe('UK postcode rules', () => {
  it('accepts every outward format and normalises spacing and case', () => {
    const cases: Array<[string, string]> = [
      ['m1 1aa', 'M1 1AA'],
      ['M60 1NW', 'M60 1NW'],
      ['CR2 6XH', 'CR2 6XH'],
      ['DN55 1PT', 'DN55 1PT'],
      ['W1A 1HQ', 'W1A 1HQ'],
      ['EC1A 1BB', 'EC1A 1BB'],
      ['  sw1a2aa ', 'SW1A 2AA'],
      ['GIR 0AA', 'GIR 0AA'],
    ];
    for (const [input, expected] of cases) assert.equal(normalisePostcode(input), expected, input);
  });

  it('refuses letters a position never holds', () => {
    for (const bad of [
      'QA1 1AA',
      'VA1 1AA',
      'XA1 1AA',
      'AI1 1AA',
      'AJ1 1AA',
      'AZ1 1AA',
      'A1I 1AA',
      'AA1C 1AA',
      'M1 1CA',
      'M1 1AI',
      'M1 1AO',
    ]) {
      assert.equal(normalisePostcode(bad), undefined, bad);
    }
  });

  it('refuses what is not shaped like a postcode at all', () => {
    for (const bad of ['', '12345', 'M1', 'M1 1A', 'M1 1AAA', 'SW1A 2AA 2AA', 'LS6-1JQ', '<script>'])
      assert.equal(normalisePostcode(bad), undefined, bad);
  });
});
