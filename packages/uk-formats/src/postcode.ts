/**
 * UK postcode rules (the Royal Mail PAF format, as BS 7666 writes them down): an outward code
 * (area letters, district digit(s), optional letter) and an inward code (a digit and two letters),
 * with the letters each position may never hold. Pure.
 */

// A9 | A99 | AA9 | AA99 | A9A | AA9A, then 9AA. Q, V, X never first; I, J, Z never second;
// the letter after A9 from ABCDEFGHJKPSTUW, after AA9 from ABEHMNPRVWXY; C, I, K, M, O, V never inward.
const OUTWARD =
  /^(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])$/;
const INWARD = /^[0-9][ABD-HJLNP-UW-Z]{2}$/;

/** `sw1a2aa` or ` SW1A  2AA ` -> `SW1A 2AA`; undefined when it is not a postcode. */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact === 'GIR0AA') return 'GIR 0AA';
  if (compact.length < 5 || compact.length > 7) return undefined;
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  return OUTWARD.test(outward) && INWARD.test(inward) ? `${outward} ${inward}` : undefined;
}
