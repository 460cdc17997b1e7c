/**
 * National Insurance number format, as HMRC's NIM39110 describes it: two prefix letters, six
 * digits and a suffix A-D. Neither prefix letter is D, F, I, Q, U or V; the second is not O; and
 * BG, GB, KN, NK, NT, TN and ZZ are never allocated. Pure.
 */

const FORMAT = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$/;
const UNALLOCATED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Upper case without spaces: `qq 12 34 56 c` -> `QQ123456C`. */
export function normaliseNino(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export type NinoProblem = 'format' | 'prefix-letters' | 'unallocated-prefix';

export function ninoProblem(input: string): NinoProblem | undefined {
  const nino = normaliseNino(input);
  if (!/^[A-Z]{2}\d{6}[A-Z]$/.test(nino)) return 'format';
  if (!FORMAT.test(nino)) return /[A-D]$/.test(nino) ? 'prefix-letters' : 'format';
  if (UNALLOCATED_PREFIXES.has(nino.slice(0, 2))) return 'unallocated-prefix';
  return undefined;
}

export const NINO_MESSAGES: Readonly<Record<NinoProblem, string>> = {
  format: 'Enter a National Insurance number in the right format, like QQ 12 34 56 C',
  'prefix-letters': 'Enter a National Insurance number with valid first two letters',
  'unallocated-prefix': 'Enter a National Insurance number that HMRC could have issued',
};
