/** Every error benefits-api answers with. */
import { ServiceError } from '@dwp/service-kit';

export class RateNotPublishedError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_RATE_NOT_PUBLISHED';
  constructor(rate: string, taxYear: string) {
    super(
      422,
      RateNotPublishedError.code,
      `We cannot estimate this for ${taxYear} yet: the rate ${rate} has not been published`,
      { rate, taxYear },
    );
  }
}

export class ConsentRequiredError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_HMRC_CONSENT_REQUIRED';
  constructor() {
    super(
      409,
      ConsentRequiredError.code,
      'Agree to let us ask HMRC about your income (in your profile), or enter your earnings yourself',
    );
  }
}

export class ProfileRequiredError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_PROFILE_REQUIRED';
  constructor() {
    super(409, ProfileRequiredError.code, 'Register your details first, so we can ask HMRC about your income');
  }
}

/** A stored estimate no longer reads as an estimate: the database holds what this code did not write. */
export class StoredEstimateUnreadableError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_STORED_ESTIMATE_UNREADABLE';
  constructor(id: string) {
    super(500, StoredEstimateUnreadableError.code, `Estimate ${id} is stored in a form this service cannot read`);
  }
}

export class EstimateNotFoundError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_ESTIMATE_NOT_FOUND';
  constructor(id: string) {
    super(404, EstimateNotFoundError.code, `There is no estimate ${id} that you can see`);
  }
}

export class NoActingUserError extends ServiceError {
  static override readonly code = 'BENEFITS_ERR_NO_USER';
  constructor() {
    super(403, NoActingUserError.code, 'Estimates are made for a signed-in user');
  }
}
