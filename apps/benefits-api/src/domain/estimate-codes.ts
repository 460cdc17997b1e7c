/**
 * A stable code for every line of an estimate and every reason it gives, with the English words
 * API users read (`label`, `reasons`). The codes are part of the API: the citizen web tier words
 * each one itself, in English and Welsh, so a code is never renamed or given another meaning (a
 * new rule gets a new code). Words that need a value name it as `{name}` (params); a param whose
 * name ends in `Pence` is an amount of money, in pence. Pure.
 */

export const LINE_CODES = [
  'uc.standard-allowance.single-under-25',
  'uc.standard-allowance.single-25-or-over',
  'uc.standard-allowance.couple-both-under-25',
  'uc.standard-allowance.couple-25-or-over',
  'uc.child-element.first-born-before-2017',
  'uc.child-element.other',
  'uc.disabled-child-addition.lower',
  'uc.disabled-child-addition.higher',
  'uc.lcwra',
  'uc.carer',
  'uc.childcare',
  'uc.earnings-taper',
  'uc.other-income',
  'uc.savings-tariff',
  'jsa.personal.under-25',
  'jsa.personal.25-or-over',
  'esa.assessment.under-25',
  'esa.assessment.25-or-over',
  'esa.work-related-activity',
  'esa.support',
] as const;
export type LineCode = (typeof LINE_CODES)[number];

export const REASON_CODES = [
  'uc.under-18',
  'uc.capital-over-limit',
  'uc.income-too-high',
  'new-style.under-18',
  'new-style.state-pension-age',
  'new-style.ni-contributions',
  'jsa.hours-limit',
  'jsa.earnings-too-high',
  'esa.health-condition',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The values a code's words need, by name. */
export type CodeParams = Readonly<Record<string, number>>;

const LINE_WORDS: Readonly<Record<LineCode, string>> = {
  'uc.standard-allowance.single-under-25': 'Standard allowance (single, under 25)',
  'uc.standard-allowance.single-25-or-over': 'Standard allowance (single, 25 or over)',
  'uc.standard-allowance.couple-both-under-25': 'Standard allowance (couple, both under 25)',
  'uc.standard-allowance.couple-25-or-over': 'Standard allowance (couple, one or both 25 or over)',
  'uc.child-element.first-born-before-2017': 'Child element (first child, born before 6 April 2017)',
  'uc.child-element.other': 'Child element',
  'uc.disabled-child-addition.lower': 'Disabled child addition (lower rate)',
  'uc.disabled-child-addition.higher': 'Disabled child addition (higher rate)',
  'uc.lcwra': 'Limited capability for work and work-related activity',
  'uc.carer': 'Carer element',
  'uc.childcare': 'Childcare costs element',
  'uc.earnings-taper': 'Earnings: {percent}% of earnings above the work allowance',
  'uc.other-income': 'Other income',
  'uc.savings-tariff': 'Assumed income from savings over {thresholdPence} GBP',
  'jsa.personal.under-25': 'Personal rate, under 25',
  'jsa.personal.25-or-over': 'Personal rate, 25 or over',
  'esa.assessment.under-25': 'Assessment phase, under 25',
  'esa.assessment.25-or-over': 'Assessment phase, 25 or over',
  'esa.work-related-activity': 'Main phase, work-related activity group',
  'esa.support': 'Main phase, support group (with the support component)',
};

const REASON_WORDS: Readonly<Record<ReasonCode, string>> = {
  'uc.under-18': 'You must usually be 18 or over to claim Universal Credit',
  'uc.capital-over-limit': 'Your savings and capital are over {limitPence} GBP',
  'uc.income-too-high': 'Your income is too high for a Universal Credit payment',
  'new-style.under-18': 'You must be 18 or over',
  'new-style.state-pension-age': 'You have reached State Pension age',
  'new-style.ni-contributions': 'You need enough National Insurance contributions from the last 2 to 3 tax years',
  'jsa.hours-limit': 'You must work fewer than {hours} hours a week',
  'jsa.earnings-too-high': 'Your earnings are more than new style JSA would pay',
  'esa.health-condition': 'ESA is for people whose health condition or disability affects how much they can work',
};

/** One line of an estimate: an element (or rate) paid, or a deduction taken off. */
export interface EstimateLine {
  readonly code: LineCode;
  readonly params?: CodeParams;
  /** The English words for the code. */
  readonly label: string;
  readonly pence: number;
}

/** Why an estimate is not eligible. */
export interface Reason {
  readonly code: ReasonCode;
  readonly params?: CodeParams;
  /** The English words for the code. */
  readonly text: string;
}

const PLACEHOLDER = /\{(\w+)\}/g;
const isMoney = (name: string) => name.endsWith('Pence');

/** A value as the English words show it: money as pounds with thousands separators (16,000). */
function shown(name: string, value: number): string {
  if (!isMoney(name)) return String(value);
  const whole = value % 100 === 0;
  return (value / 100).toLocaleString('en-GB', {
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

function fill(words: string, params: CodeParams | undefined): string {
  return words.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : shown(name, value);
  });
}

export function line(code: LineCode, pence: number, params?: CodeParams): EstimateLine {
  return params
    ? { code, params, label: fill(LINE_WORDS[code], params), pence }
    : { code, label: LINE_WORDS[code], pence };
}

export function reason(code: ReasonCode, params?: CodeParams): Reason {
  return params ? { code, params, text: fill(REASON_WORDS[code], params) } : { code, text: REASON_WORDS[code] };
}

/** A code and its params, as the API answers them beside the English. */
export interface Coded<C extends string> {
  readonly code: C;
  readonly params?: CodeParams;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads English words back into their code and params: for estimates stored before codes. */
function matcher<C extends string>(words: Readonly<Record<C, string>>, codes: readonly C[]) {
  const patterns = codes.map((code) => {
    const names = [...words[code].matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
    const source = words[code]
      .split(PLACEHOLDER)
      .map((part, i) => (i % 2 === 0 ? escaped(part) : '([0-9][0-9,]*(?:\\.[0-9]+)?)'))
      .join('');
    return { code, names, pattern: new RegExp(`^${source}$`) };
  });
  return (text: string): Coded<C> | undefined => {
    for (const { code, names, pattern } of patterns) {
      const m = pattern.exec(text);
      if (!m) continue;
      if (names.length === 0) return { code };
      const params: Record<string, number> = {};
      names.forEach((name, i) => {
        const n = Number((m[i + 1] ?? '').replaceAll(',', ''));
        params[name] = isMoney(name) ? Math.round(n * 100) : n;
      });
      return { code, params };
    }
    return undefined;
  };
}

/** The code of an English line label, if it is one this service words (else undefined). */
export const lineCodeOf = matcher(LINE_WORDS, LINE_CODES);
/** The code of an English reason, if it is one this service words (else undefined). */
export const reasonCodeOf = matcher(REASON_WORDS, REASON_CODES);
