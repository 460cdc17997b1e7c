/** Every error address-api answers with. */
import { ServiceError } from '@dwp/service-kit';

export class PostcodeInvalidError extends ServiceError {
  static override readonly code = 'ADDRESS_ERR_POSTCODE_INVALID';
  constructor(postcode: string) {
    super(400, PostcodeInvalidError.code, 'Enter a real postcode, like SW1A 2AA', [
      { path: 'params.postcode', message: `"${postcode.slice(0, 20)}" is not a UK postcode` },
    ]);
  }
}

export class PostcodeNotFoundError extends ServiceError {
  static override readonly code = 'ADDRESS_ERR_POSTCODE_NOT_FOUND';
  constructor(postcode: string) {
    super(404, PostcodeNotFoundError.code, `We could not find any addresses for ${postcode}; check the postcode`);
  }
}

export class UprnNotFoundError extends ServiceError {
  static override readonly code = 'ADDRESS_ERR_UPRN_NOT_FOUND';
  constructor(uprn: string) {
    super(404, UprnNotFoundError.code, `There is no address with UPRN ${uprn}`);
  }
}

export class AddressLookupUnavailableError extends ServiceError {
  static override readonly code = 'ADDRESS_ERR_LOOKUP_UNAVAILABLE';
  constructor() {
    super(503, AddressLookupUnavailableError.code, 'Address lookup is not available just now; try again shortly');
  }
}
