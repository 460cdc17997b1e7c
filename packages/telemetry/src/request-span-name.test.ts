import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestSpanName } from './request-span-name.ts';

describe('requestSpanName', () => {
  it('names the route template, not the path with its ids', () => {
    assert.equal(requestSpanName({ method: 'GET', routeOptions: { url: '/citizens/:id' } }), 'GET /citizens/:id');
  });

  it('names only the method when no route matched', () => {
    assert.equal(requestSpanName({ method: 'POST', routeOptions: {} }), 'POST');
  });
});
