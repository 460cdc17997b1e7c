/** Every error citizen-api answers with, each with a code a client can act on. */
import { ServiceError } from '@dwp/service-kit';

export class CitizenNotFoundError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_NOT_FOUND';
  constructor(what: string) {
    super(404, CitizenNotFoundError.code, `There is no citizen record ${what} that you can see`);
  }
}

export class AlreadyRegisteredError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_ALREADY_REGISTERED';
  constructor(citizenId: string) {
    super(409, AlreadyRegisteredError.code, 'You are already registered; change your record instead', { citizenId });
  }
}

export class VersionConflictError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_VERSION_CONFLICT';
  constructor(expected: number, current: number) {
    super(
      409,
      VersionConflictError.code,
      'The record changed since you read it; read it again and reapply your change',
      { expected, current },
    );
  }
}

export class PreconditionRequiredError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_PRECONDITION_REQUIRED';
  constructor() {
    super(428, PreconditionRequiredError.code, 'Send If-Match with the ETag of the record you read');
  }
}

export class NotYourRecordError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_NOT_YOUR_RECORD';
  constructor() {
    super(403, NotYourRecordError.code, 'You can change only your own record');
  }
}

export class CitizenOnlyError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_CITIZENS_ONLY';
  constructor() {
    super(403, CitizenOnlyError.code, 'Only a signed-in citizen can register');
  }
}

export class CaseworkerOnlyError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_CASEWORKER_ONLY';
  constructor() {
    super(403, CaseworkerOnlyError.code, 'Only a caseworker can list citizens');
  }
}

/** A stored item not of the shape this version writes: a clear error, never a wrong answer. */
export class StoredItemUnreadableError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_STORED_ITEM_UNREADABLE';
  constructor(key: string) {
    super(500, StoredItemUnreadableError.code, `The stored item ${key} is in a form this service cannot read`);
  }
}

export class IdempotencyKeyReusedError extends ServiceError {
  static override readonly code = 'CITIZEN_ERR_IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super(
      422,
      IdempotencyKeyReusedError.code,
      'This Idempotency-Key was already used for a different request; use a new key',
    );
  }
}
