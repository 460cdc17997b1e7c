/**
 * The user pool's password policy (Cognito's default: 8 or more characters with a lower case
 * letter, a capital, a number and a symbol) as GOV.UK error messages. The form checks it before
 * sending, so most people see the message at once; the pool's own refusal (its words, which
 * name the rule) maps to the same messages, so a stricter pool still reads like GOV.UK. Pure.
 */

export type PasswordRule = 'required' | 'tooShort' | 'tooLong' | 'lowercase' | 'uppercase' | 'number' | 'symbol';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Cognito's special characters (and the space, which it counts as one). */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** The first rule `password` breaks, in the order Cognito checks them, or undefined. */
export function passwordRuleBroken(password: string): PasswordRule | undefined {
  if (password.length === 0) return 'required';
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong';
  if (!/[a-z]/.test(password)) return 'lowercase';
  if (!/[A-Z]/.test(password)) return 'uppercase';
  if (!/[0-9]/.test(password)) return 'number';
  if (!SYMBOLS.test(password)) return 'symbol';
  return undefined;
}

const FROM_POOL: ReadonlyArray<readonly [RegExp, PasswordRule]> = [
  [/not long enough/i, 'tooShort'],
  [/too long/i, 'tooLong'],
  [/lowercase/i, 'lowercase'],
  [/uppercase/i, 'uppercase'],
  [/numeric/i, 'number'],
  [/symbol/i, 'symbol'],
];

/** The rule a pool's "Password did not conform with policy: ..." message names, or undefined for words it does not know. */
export function passwordRuleFromPool(message: string): PasswordRule | undefined {
  return FROM_POOL.find(([re]) => re.test(message))?.[1];
}
