import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dropClientIdentityHeaders, isInternalHeader } from './response-headers.ts';

describe('internal headers', () => {
  it('treats x-powered-by, server and every x-dwp-* header as internal, and nothing else', () => {
    assert.deepEqual(['x-powered-by', 'server', 'x-dwp-user', 'x-dwp-signature'].map(isInternalHeader), [
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual(['content-type', 'x-request-id', 'x-dwpx'].map(isInternalHeader), [false, false, false]);
  });

  it('removes identity headers a client tries to send', () => {
    const headers: Record<string, unknown> = { 'x-dwp-user': 'admin', accept: 'application/json' };
    dropClientIdentityHeaders(headers);
    assert.deepEqual(headers, { accept: 'application/json' });
  });
});
