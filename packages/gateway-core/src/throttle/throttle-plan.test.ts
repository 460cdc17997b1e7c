import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayRoute, PrimaryGateway } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { FakeClock } from '@dwp/clock';
import type { InvalidOptionError } from '../errors.ts';
import { ThrottlePlan } from './throttle-plan.ts';

const base = dwp.gateways.primary!;
const partnerRoute: GatewayRoute = {
  path: '/address/{proxy+}',
  method: 'GET',
  service: 'address-api',
  auth: 'none',
  roles: [],
  apiKeyRequired: true,
  throttling: { rateLimit: 500, burstLimit: 100 },
};
const gateway: PrimaryGateway = {
  ...base,
  routes: [...base.routes, partnerRoute],
  usagePlans: [
    {
      name: 'partners',
      throttling: { rateLimit: 50, burstLimit: 20 },
      methodThrottling: [{ path: '/address/{proxy+}', method: 'GET', rateLimit: 5, burstLimit: 2 }],
      quota: { limit: 1000, period: 'DAY' },
      apiKeys: [{ name: 'royal-mail-partner', valueFromEnv: 'API_KEY_PARTNER' }],
    },
  ],
};
const env = { API_KEY_PARTNER: 'k-123' };

describe('ThrottlePlan', () => {
  it('checks the stage limit alone on a route with no limits of its own', () => {
    const plan = new ThrottlePlan({ gateway, env });
    const r = plan.plan(base.routes[0]!, undefined);
    assert.equal(r.kind, 'check');
    assert.deepEqual(
      r.buckets.map((b) => [b.level, b.limit]),
      [['stage', { rate: 10_000, burst: 5000 }]],
    );
  });

  it('applies limits in API Gateway order: key per method, key, stage per method, stage', () => {
    const plan = new ThrottlePlan({ gateway, env, clock: new FakeClock(Date.UTC(2026, 2, 3, 10)) });
    const r = plan.plan(partnerRoute, 'k-123');
    assert.equal(r.kind, 'check');
    assert.deepEqual(
      r.buckets.map((b) => b.level),
      ['key-method', 'key', 'stage-method', 'stage'],
    );
    assert.deepEqual(
      r.buckets.map((b) => b.limit.rate),
      [5, 50, 500, 10_000],
    );
    assert.deepEqual(r.quota, {
      key: 'royal-mail-partner',
      limit: 1000,
      periodStart: Date.UTC(2026, 2, 3),
      periodEnd: Date.UTC(2026, 2, 4),
    });
  });

  it('forbids a key-required method without a key or with an unknown key', () => {
    const plan = new ThrottlePlan({ gateway, env });
    assert.equal(plan.plan(partnerRoute, undefined).kind, 'forbidden');
    assert.equal(plan.plan(partnerRoute, 'guess').kind, 'forbidden');
  });

  it('reuses the same bucket list for every request on a route, allocating nothing per request', () => {
    const plan = new ThrottlePlan({ gateway, env });
    const a = plan.plan(partnerRoute, 'k-123');
    const b = plan.plan(partnerRoute, 'k-123');
    assert.ok(a.kind === 'check' && b.kind === 'check' && a.buckets === b.buckets);
  });

  it('refuses at construction a per-method throttle for a route the gateway does not have', () => {
    const bad: PrimaryGateway = {
      ...gateway,
      usagePlans: [
        {
          ...gateway.usagePlans![0]!,
          methodThrottling: [{ path: '/nowhere', method: 'GET', rateLimit: 1, burstLimit: 1 }],
        },
      ],
    };
    assert.throws(
      () => new ThrottlePlan({ gateway: bad, env }),
      (e: InvalidOptionError) => e.code === 'GW_ERR_OPTION_INVALID' && /no gateway route GET \/nowhere/.test(e.message),
    );
  });
});
