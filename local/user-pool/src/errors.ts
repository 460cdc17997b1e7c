/**
 * Cognito's error types, as its JSON protocol returns them (`__type` and `message`, HTTP 400), so
 * the AWS SDK raises the same exception classes against this server as against Cognito.
 */
export type CognitoErrorType =
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'UsernameExistsException'
  | 'UserNotFoundException'
  | 'UserNotConfirmedException'
  | 'NotAuthorizedException'
  | 'CodeMismatchException'
  | 'ExpiredCodeException'
  | 'EnableSoftwareTokenMFAException'
  | 'SoftwareTokenMFANotFoundException'
  | 'ResourceNotFoundException'
  | 'TooManyRequestsException'
  | 'UnknownOperationException'
  | 'InternalErrorException';

export class CognitoError extends Error {
  readonly type: CognitoErrorType;
  readonly status: number;
  constructor(type: CognitoErrorType, message: string, status = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = status;
  }
}

/** Cognito answers this for a wrong password and, to prevent user enumeration, for an unknown user. */
export const INCORRECT_CREDENTIALS = 'Incorrect username or password.';

/** Cognito's answers about a challenge session (`Session`), by what is wrong with it. */
export const INVALID_SESSION = 'Invalid session for the user.';
export const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
export const SESSION_USED = 'Invalid session for the user, session can only be used once.';

/** Cognito's answers to a software token (TOTP) code. */
export const TOTP_CODE_MISMATCH = 'Invalid code received for user.';
export const TOTP_CODE_REUSED = 'Your software token has already been used once.';
export const TOTP_VERIFY_MISMATCH = 'Code mismatch';

/** Cognito's answer while a user is locked out after repeated failed sign-ins. */
export const ATTEMPTS_EXCEEDED = 'Password attempts exceeded';
