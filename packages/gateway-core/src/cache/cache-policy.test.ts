import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PrimaryGateway } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { CachePolicy, type CacheRequest } from './cache-policy.ts';

const gw = dwp.gateways.primary!;
// A greedy route whose caching the definition leaves on (citizen, claims and identity opt out).
const route = gw.routes.find((r) => r.path === '/benefits/{proxy+}')!;
const req = (over: Partial<CacheRequest> = {}): CacheRequest => ({
  method: 'GET',
  path: '/citizen/me',
  query: '',
  headers: { authorization: 'Bearer alice' },
  authorised: true,
  ...over,
});
const keyOf = (p: CachePolicy, r: CacheRequest) => {
  const d = p.decide(route, r);
  return d.kind === 'lookup' ? d.key : 'bypass';
};

describe('CachePolicy with the DWP definition (TTL 300 s, key: Authorization + query)', () => {
  const policy = new CachePolicy(gw);

  it('caches GET for 300 seconds and bypasses every other method', () => {
    assert.equal(policy.ttlMs, 300_000);
    assert.equal(policy.decide(route, req()).kind, 'lookup');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'])
      assert.equal(policy.decide(route, req({ method })).kind, 'bypass', method);
  });

  it("keys two callers with different Authorization headers apart, so one never gets the other one's response", () => {
    assert.notEqual(keyOf(policy, req()), keyOf(policy, req({ headers: { authorization: 'Bearer bob' } })));
    assert.notEqual(keyOf(policy, req()), keyOf(policy, req({ headers: {} })));
  });

  it('keys on the path and the query string, whatever the order of the parameters', () => {
    assert.notEqual(keyOf(policy, req()), keyOf(policy, req({ path: '/citizen/other' })));
    assert.notEqual(keyOf(policy, req({ query: 'a=1' })), keyOf(policy, req({ query: 'a=2' })));
    assert.equal(keyOf(policy, req({ query: 'a=1&b=2' })), keyOf(policy, req({ query: 'b=2&a=1' })));
  });

  it('ignores headers that are not key parameters', () => {
    assert.equal(
      keyOf(policy, req()),
      keyOf(policy, req({ headers: { authorization: 'Bearer alice', 'user-agent': 'x' } })),
    );
  });

  it('invalidates on Cache-Control: max-age=0 only from an authorised caller', () => {
    const d = policy.decide(route, req({ headers: { authorization: 'Bearer alice', 'cache-control': 'max-age=0' } }));
    assert.equal(d.kind === 'lookup' && d.invalidate, true);
    const anon = policy.decide(route, req({ authorised: false, headers: { 'cache-control': 'max-age=0' } }));
    assert.equal(anon.kind === 'lookup' && anon.invalidate, false);
  });

  it('bypasses a route that opts out and a stage whose TTL is 0', () => {
    assert.equal(policy.decide({ ...route, caching: { enabled: false } }, req()).kind, 'bypass');
    const off = new CachePolicy({ ...gw, caching: { ...gw.caching, ttlSeconds: 0 } } satisfies PrimaryGateway);
    assert.equal(off.enabled, false);
    assert.equal(off.decide(route, req()).kind, 'bypass');
  });

  it("refuses a TTL above API Gateway's 3600 s at construction", () => {
    assert.throws(() => new CachePolicy({ ...gw, caching: { ...gw.caching, ttlSeconds: 3601 } }), {
      code: 'GW_ERR_OPTION_INVALID',
    });
  });
});
