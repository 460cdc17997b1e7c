/**
 * Where the parameter values of a query string start inside a longer value: a Referer, a link typed
 * into a form, a path with `?`. The WAF splits the request's own query string itself; these are the
 * query strings it sees whole, which an application may still parse and put in SQL.
 *
 * One forward pass; each separator reads at most MAX_NAME characters of name (linear, metered).
 */
import type { ScanMeter } from './scan-meter.ts';

/** The longest parameter name read; a longer run before `=` is text, not a name. */
const MAX_NAME = 64;

export interface ParameterValue {
  /** Index of the `?` or `&` (or 0) that opens the `name=value` pair. */
  readonly pairStart: number;
  /** Index of the value's first character, just after `=`. */
  readonly valueStart: number;
}

const isNamePart = (c: number) =>
  (c >= 97 && c <= 122) ||
  (c >= 48 && c <= 57) ||
  c === 95 /* _ */ ||
  c === 45 /* - */ ||
  c === 46 /* . */ ||
  c === 91 /* [ */ ||
  c === 93; /* ] */

/** Length of the `name=` at i (name then `=`), or 0 when none starts there. */
function nameAt(s: string, i: number, meter: ScanMeter): number {
  let j = i;
  while (j < s.length && j - i < MAX_NAME && isNamePart(s.charCodeAt(j))) {
    meter.steps++;
    j++;
  }
  return j > i && s.charCodeAt(j) === 61 /* = */ ? j + 1 - i : 0;
}

/**
 * The `name=value` pairs of a lower-cased form: after `?` or `&`, and at the start when the form
 * opens with a letter-led name (`id=1`). Empty when the form holds no query string.
 */
export function parameterValueStarts(s: string, meter: ScanMeter): ParameterValue[] {
  const found: ParameterValue[] = [];
  const first = s.charCodeAt(0);
  if (first >= 97 && first <= 122) {
    const len = nameAt(s, 0, meter);
    if (len > 0) found.push({ pairStart: 0, valueStart: len });
  }
  for (let i = 0; i < s.length; i++) {
    meter.steps++;
    const c = s.charCodeAt(i);
    if (c !== 63 /* ? */ && c !== 38 /* & */) continue;
    const len = nameAt(s, i + 1, meter);
    if (len > 0) found.push({ pairStart: i, valueStart: i + 1 + len });
  }
  return found;
}
