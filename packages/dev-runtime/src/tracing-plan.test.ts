import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { definePlatform } from '@dwp/platform';
import { planTracing } from './tracing-plan.ts';

describe('planTracing', () => {
  it("starts every process with the preload and sends its spans to the runtime's admin port", () => {
    const plan = planTracing(dwp, 'http://127.0.0.1:8090', {});
    assert.equal(plan.enabled, true);
    assert.equal(plan.execArgv[0], '--import');
    assert.match(plan.execArgv[1]!, /^file:.*telemetry\/src\/register\.ts$/);
    assert.deepEqual(plan.envFor('citizen-api'), {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:8090',
      OTEL_SERVICE_NAME: 'citizen-api',
      OTEL_TRACES_SAMPLER_ARG: '1',
    });
  });

  it("lets the runtime's environment turn tracing off or change the rate", () => {
    const off = planTracing(dwp, 'http://127.0.0.1:8090', { OTEL_SDK_DISABLED: 'true' });
    assert.equal(off.enabled, false);
    assert.deepEqual(off.execArgv, []);
    assert.deepEqual(off.envFor('citizen-api'), { OTEL_SDK_DISABLED: 'true' });
    const rated = planTracing(dwp, 'http://127.0.0.1:8090', { OTEL_TRACES_SAMPLER_ARG: '0.25' });
    assert.equal(rated.envFor('citizen-api').OTEL_TRACES_SAMPLER_ARG, '0.25');
  });

  it('does not trace a platform whose definition turns tracing off', () => {
    const plain = definePlatform({ ...structuredClone(dwp), observability: { ...dwp.observability, tracing: false } });
    assert.equal(planTracing(plain, 'http://127.0.0.1:8090', {}).enabled, false);
  });
});
