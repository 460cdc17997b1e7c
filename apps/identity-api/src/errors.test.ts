import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InternalErrorException, UsernameExistsException } from '@aws-sdk/client-cognito-identity-provider';
import { ServiceError } from '@dwp/service-kit';
import { fromCognito } from './errors.ts';

const metadata = { $metadata: {} };

describe('fromCognito', () => {
  it("words a Cognito refusal in identity-api's codes", () => {
    const err = fromCognito(new UsernameExistsException({ message: 'User already exists', ...metadata }));
    assert.ok(err instanceof ServiceError);
    assert.deepEqual([err.statusCode, err.code], [409, 'IDENTITY_ERR_USERNAME_TAKEN']);
  });

  it("makes a fault on Cognito's side a 503 the caller may retry, not a 500", () => {
    const err = fromCognito(new InternalErrorException({ message: 'Internal error', ...metadata }));
    assert.ok(err instanceof ServiceError);
    assert.deepEqual([err.statusCode, err.code], [503, 'SVC_ERR_UNAVAILABLE']);
  });

  it('passes anything else back as it is', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(fromCognito(bug), bug);
  });
});
