/**
 * National Insurance number format, as HMRC's NIM39110 describes it: two prefix letters, six
 * digits and a suffix A to D; neither prefix letter is D, F, I, Q, U or V, the second is not O, and
 * BG, GB, KN, NK, NT, TN and ZZ are never allocated. citizen-api checks a number with these rules,
 * and the pages check it with the same rules before sending it, for the message. Pure.
 */

const FORMAT = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$/;
const UNALLOCATED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Upper case without spaces: `qq 12 34 56 c` -> `QQ123456C`. */
export const normaliseNino = (input: string): string => input.replace(/\s+/g, '').toUpperCase();

export type NinoProblem = 'required' | 'format' | 'prefix' | 'unallocated';

export function ninoProblem(input: string): NinoProblem | undefined {
  const nino = normaliseNino(input);
  if (nino === '') return 'required';
  if (!/^[A-Z]{2}\d{6}[A-Z]$/.test(nino)) return 'format';
  if (!FORMAT.test(nino)) return /[A-D]$/.test(nino) ? 'prefix' : 'format';
  if (UNALLOCATED_PREFIXES.has(nino.slice(0, 2))) return 'unallocated';
  return undefined;
}

/** `AB123456C` -> `AB 12 34 56 C`, as it is printed on a National Insurance card. */
export const displayNino = (nino: string): string =>
  nino.replace(/^(\w{2})(\d{2})(\d{2})(\d{2})(\w)$/, '$1 $2 $3 $4 $5');
