/** identity-api's errors, and how Cognito's exceptions become them. */
import { ServiceError, UnavailableError } from '@dwp/service-kit';

export class IdentityError extends ServiceError {}

/**
 * An identity could not be verified: the identity provider refused, or its answer failed a check.
 * A check of a token says which in `details`: `{ token, claim }`.
 */
export class VerificationFailed extends ServiceError {
  static override readonly code = 'IDENTITY_ERR_VERIFICATION_FAILED';
  constructor(message: string, details?: unknown) {
    super(400, VerificationFailed.code, message, details);
  }
}

/** A stored item not of the shape this version writes: a clear error, never a wrong answer. */
export class StoredItemUnreadableError extends ServiceError {
  static override readonly code = 'IDENTITY_ERR_STORED_ITEM_UNREADABLE';
  constructor(key: string) {
    super(500, StoredItemUnreadableError.code, `The stored item ${key} is in a form this service cannot read`);
  }
}

/** Cognito exception name -> our status, code and (when Cognito's words would mislead) message. */
const FROM_COGNITO: Readonly<Record<string, { status: number; code: string; message?: string }>> = {
  UsernameExistsException: {
    status: 409,
    code: 'IDENTITY_ERR_USERNAME_TAKEN',
    message: 'That username is already registered',
  },
  InvalidPasswordException: { status: 400, code: 'IDENTITY_ERR_PASSWORD_POLICY' },
  InvalidParameterException: { status: 400, code: 'IDENTITY_ERR_INVALID_PARAMETER' },
  CodeMismatchException: {
    status: 400,
    code: 'IDENTITY_ERR_CODE_MISMATCH',
    message: 'That confirmation code is not right; check it and try again',
  },
  // Cognito's answer to a wrong first code from an authenticator app being set up.
  EnableSoftwareTokenMFAException: { status: 400, code: 'IDENTITY_ERR_CODE_MISMATCH' },
  ExpiredCodeException: {
    status: 400,
    code: 'IDENTITY_ERR_CODE_EXPIRED',
    message: 'That confirmation code has expired; request a new one',
  },
  UserNotConfirmedException: {
    status: 403,
    code: 'IDENTITY_ERR_NOT_CONFIRMED',
    message: 'Confirm your account with the code we sent before signing in',
  },
  NotAuthorizedException: { status: 401, code: 'IDENTITY_ERR_NOT_AUTHORIZED' },
  UserNotFoundException: {
    status: 401,
    code: 'IDENTITY_ERR_NOT_AUTHORIZED',
    message: 'Incorrect username or password.',
  },
  TooManyRequestsException: {
    status: 429,
    code: 'IDENTITY_ERR_TOO_MANY_REQUESTS',
    message: 'Too many attempts; wait a moment and try again',
  },
  LimitExceededException: {
    status: 429,
    code: 'IDENTITY_ERR_TOO_MANY_REQUESTS',
    message: 'Too many attempts; wait a moment and try again',
  },
};

/**
 * A Cognito error as ours; anything else is passed back unchanged. A fault on Cognito's side
 * (the SDK's `$fault: 'server'`: InternalErrorException, a 5xx) is a 503 the caller may retry,
 * not a 500 of ours.
 */
export function fromCognito(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const mapped = FROM_COGNITO[err.name];
  if (mapped) return new IdentityError(mapped.status, mapped.code, mapped.message ?? err.message);
  if (Reflect.get(err, '$fault') === 'server')
    return new UnavailableError('The user pool is unavailable; try again shortly');
  return err;
}
