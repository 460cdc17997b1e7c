/** What citizen-api says about a National Insurance number that breaks HMRC's rules (@dwp/uk-formats). */
import type { NinoProblem } from '@dwp/uk-formats';

export const NINO_MESSAGES: Readonly<Record<NinoProblem, string>> = {
  required: 'Enter a National Insurance number',
  format: 'Enter a National Insurance number in the right format, like QQ 12 34 56 C',
  prefix: 'Enter a National Insurance number with valid first two letters',
  unallocated: 'Enter a National Insurance number that HMRC could have issued',
};
