/** Cognito's password policy check, with its messages. Pure. */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireNumbers: boolean;
  readonly requireSymbols: boolean;
}

/** Cognito's default policy. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

/** Cognito's special characters. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/** The first rule the password breaks, in Cognito's words, or undefined when it conforms. */
export function passwordProblem(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | undefined {
  const prefix = 'Password did not conform with policy: ';
  if (password.length < policy.minLength) return `${prefix}Password not long enough`;
  if (password.length > 256) return `${prefix}Password is too long`;
  if (policy.requireLowercase && !/[a-z]/.test(password)) return `${prefix}Password must have lowercase characters`;
  if (policy.requireUppercase && !/[A-Z]/.test(password)) return `${prefix}Password must have uppercase characters`;
  if (policy.requireNumbers && !/[0-9]/.test(password)) return `${prefix}Password must have numeric characters`;
  if (policy.requireSymbols && !SYMBOLS.test(password)) return `${prefix}Password must have symbol characters`;
  return undefined;
}
