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
