export { UserPool, OPERATIONS, type UserPoolConfig } from './user-pool.ts';
export { createUserPoolServer } from './server.ts';
export { CognitoError } from './errors.ts';
export { DEFAULT_PASSWORD_POLICY, passwordProblem, type PasswordPolicy } from './password-policy.ts';
export { MFA_CONFIGURATIONS, type MfaConfiguration } from './mfa-challenge.ts';
export { codeForStep, otpauthUri, totpCode, totpStep, TOTP_DIGITS, TOTP_PERIOD_S } from './totp.ts';
