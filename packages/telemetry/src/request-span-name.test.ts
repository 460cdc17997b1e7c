import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Span } from '@opentelemetry/api';
import { nameLifecycleSpan, requestSpanName } from './request-span-name.ts';

describe('requestSpanName', () => {
  it('names the route template, not the path with its ids', () => {
    assert.equal(requestSpanName({ method: 'GET', routeOptions: { url: '/citizens/:id' } }), 'GET /citizens/:id');
  });

  it('names only the method when no route matched', () => {
    assert.equal(requestSpanName({ method: 'POST', routeOptions: {} }), 'POST');
  });
});

describe('nameLifecycleSpan', () => {
  it("names a handler's span by its route", () => {
    let name = '';
    const span = { updateName: (n: string) => ((name = n), span) };
    nameLifecycleSpan(span as unknown as Span, {
      hookName: 'handler',
      request: { method: 'GET', routeOptions: { url: '/citizens/:id' } },
    });
    assert.equal(name, 'handler GET /citizens/:id');
  });
});
