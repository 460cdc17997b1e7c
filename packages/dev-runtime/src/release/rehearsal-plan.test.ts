import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deploymentSchema, type Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { DEFAULT_ROLLBACK_ALARMS, planRehearsal, rehearsedDeployment } from './rehearsal-plan.ts';

/** The DWP definition with claims-api's own deployment. */
function withClaimsDeployment(deployment: unknown): Platform {
  const parsed = deploymentSchema.parse(deployment);
  return {
    ...dwp,
    services: dwp.services.map((s) => (s.name === 'claims-api' ? { ...s, deployment: parsed } : s)),
  };
}

describe('planRehearsal', () => {
  it("walks the definition's canary with its bakes scaled, each step at least the alarm's datapoints periods", () => {
    const platform = withClaimsDeployment({
      strategy: 'canary',
      percent: 10,
      stepBakeMinutes: 0,
      bakeMinutes: 5,
      rollbackAlarms: { errorRatePercentAbove: 1, periodSeconds: 30, datapoints: 3 },
    });
    const plan = planRehearsal(platform, 'claims-api', { minuteMs: 1000 });
    assert.equal(plan.strategy, 'canary');
    assert.equal(plan.overridden, false);
    assert.equal(plan.periodMs, 500);
    assert.deepEqual(
      plan.steps.map((s) => [s.percent, s.bakeMs]),
      [
        [10, 1500],
        [100, 5000],
      ],
    );
    assert.equal(plan.alarmsFrom, 'definition');
  });

  it('overrides the strategy when asked, keeping the definition bake, alarms and smoke test', () => {
    const platform = withClaimsDeployment({
      strategy: 'blue-green',
      bakeMinutes: 3,
      smokeTest: { path: '/claims/health' },
      rollbackAlarms: { successRatePercentBelow: 99.5, periodSeconds: 60, datapoints: 2 },
    });
    const plan = planRehearsal(platform, 'claims-api', { strategy: 'linear', minuteMs: 100 });
    assert.equal(plan.strategy, 'linear');
    assert.equal(plan.overridden, true);
    assert.deepEqual(
      plan.steps.map((s) => s.percent),
      [25, 50, 75, 100],
    );
    assert.deepEqual(
      plan.steps.map((s) => s.bakeMs),
      [200, 200, 200, 300],
    );
    assert.equal(plan.smokeTest?.path, '/claims/health');
    assert.equal(plan.alarms.successRatePercentBelow, 99.5);
  });

  it('uses a 10 % canary and the default 5xx alarm when the definition has neither', () => {
    const plan = planRehearsal(withClaimsDeployment({ strategy: 'rolling' }), 'claims-api', { strategy: 'canary' });
    assert.deepEqual(
      plan.steps.map((s) => s.percent),
      [10, 100],
    );
    assert.deepEqual(plan.alarms, DEFAULT_ROLLBACK_ALARMS);
    assert.equal(plan.alarms.errorRatePercentAbove, 1);
    assert.equal(plan.alarmsFrom, 'default');
    assert.equal(plan.periodMs, 2000, 'a minute is 2 s unless told otherwise');
  });

  it('rehearses a rolling definition as one step to 100 %', () => {
    const plan = planRehearsal(withClaimsDeployment({ strategy: 'rolling' }), 'claims-api');
    assert.deepEqual(
      plan.steps.map((s) => s.percent),
      [100],
    );
    assert.equal(plan.smokeTest, undefined);
  });

  it("releases the primary gateway, which has no service entry, by the platform's strategy", () => {
    const plan = planRehearsal(dwp, dwp.gateways.primary!.name);
    assert.equal(plan.strategy, dwp.deployment.strategy);
  });

  it('returns the definition unchanged when asked for its own strategy', () => {
    const d = deploymentSchema.parse({ strategy: 'canary', percent: 20, stepBakeMinutes: 2 });
    assert.equal(rehearsedDeployment(d, 'canary'), d);
  });

  it('refuses a minute of no time', () => {
    assert.throws(() => planRehearsal(dwp, 'claims-api', { minuteMs: 0 }), RangeError);
  });
});
