/** Every error claims-api answers with, each with a code a client can act on. */
import { ServiceError } from '@dwp/service-kit';
import type { ClaimEvent, ClaimState } from './domain/claim-state-machine.ts';

/** What the database gave back is not of the shape this version writes: a clear error, never a wrong answer. */
export class StoredDataUnreadableError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_STORED_DATA_UNREADABLE';
  constructor(what: string) {
    super(500, StoredDataUnreadableError.code, `${what} is stored in a form this service cannot read`);
  }
}

export class ClaimNotFoundError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_NOT_FOUND';
  constructor(id: string) {
    super(404, ClaimNotFoundError.code, `There is no claim ${id} that you can see`);
  }
}

export class EvidenceNotFoundError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_EVIDENCE_NOT_FOUND';
  constructor(id: string) {
    super(404, EvidenceNotFoundError.code, `There is no evidence ${id} on this claim`);
  }
}

export class IllegalTransitionError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_ILLEGAL_TRANSITION';
  constructor(event: ClaimEvent, from: ClaimState, allowedFrom: readonly ClaimState[]) {
    super(
      409,
      IllegalTransitionError.code,
      `A claim that is ${from} cannot ${event.replace(/_/g, ' ')}; it must be ${allowedFrom.join(' or ')}`,
      { event, state: from, allowedFrom },
    );
  }
}

export class NotYourStepError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_NOT_YOUR_STEP';
  constructor(event: ClaimEvent, actor: string) {
    super(403, NotYourStepError.code, `Only a ${actor} can ${event.replace(/_/g, ' ')}`);
  }
}

export class CaseworkerOnlyError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_CASEWORKER_ONLY';
  constructor() {
    super(403, CaseworkerOnlyError.code, 'Only a caseworker can do this');
  }
}

export class NoActingUserError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_NO_USER';
  constructor() {
    super(403, NoActingUserError.code, 'Claims are read and changed on behalf of a signed-in user');
  }
}

export class IdentityNotVerifiedError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_IDENTITY_NOT_VERIFIED';
  constructor(confidence: string) {
    super(
      409,
      IdentityNotVerifiedError.code,
      `Prove your identity before you send a claim: we need confidence P2 and you have ${confidence}`,
      { required: 'P2', confidence },
    );
  }
}

export class AddressNotValidatedError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_ADDRESS_NOT_VALIDATED';
  constructor() {
    super(
      409,
      AddressNotValidatedError.code,
      'Add your address (found by postcode) to your profile before you send a claim',
    );
  }
}

export class UnsupportedEvidenceTypeError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_EVIDENCE_TYPE';
  constructor() {
    super(415, UnsupportedEvidenceTypeError.code, 'Upload a PDF, JPEG or PNG file');
  }
}

export class EmptyEvidenceError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_EVIDENCE_EMPTY';
  constructor() {
    super(400, EmptyEvidenceError.code, 'The file is empty');
  }
}

export class EvidenceClosedError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_EVIDENCE_CLOSED';
  constructor(state: string) {
    super(409, EvidenceClosedError.code, `You cannot add evidence to a claim that is ${state}`, { state });
  }
}

export class AnswersLockedError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_ANSWERS_LOCKED';
  constructor(state: string) {
    super(409, AnswersLockedError.code, `A claim that is ${state} cannot change its answers; only a draft claim can`, {
      state,
      allowedFrom: ['draft'],
    });
  }
}

export class ClaimantOnlyError extends ServiceError {
  static override readonly code = 'CLAIMS_ERR_CLAIMANT_ONLY';
  constructor() {
    super(403, ClaimantOnlyError.code, 'Only the claimant can do this');
  }
}
