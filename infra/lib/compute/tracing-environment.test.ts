import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENV, type Environment, type Platform } from '@dwp/platform';
import { dwp } from '@dwp/platforms/dwp';
import { traceSampleRate, tracingEnvironment } from './tracing-environment.ts';

function environment(name: string): Environment {
  const found = dwp.environments.find((e) => e.name === name);
  assert.ok(found, `dwp has no environment ${name}`);
  return found;
}

function withTracing(tracing: Platform['observability']['tracing']): Platform {
  return { ...dwp, observability: { ...dwp.observability, tracing } };
}

describe('traceSampleRate', () => {
  it("takes the environment's own rate, else the definition's", () => {
    assert.equal(traceSampleRate(dwp, environment('prod')), 0.05);
    assert.equal(traceSampleRate(dwp, environment('test')), 1);
    assert.equal(traceSampleRate(dwp, environment('stage')), 1);
    const half = withTracing({ enabled: true, sampleRate: 0.5, environments: { stage: 0.2 } });
    assert.equal(traceSampleRate(half, environment('test')), 0.5);
    assert.equal(traceSampleRate(half, environment('stage')), 0.2);
  });
});

describe('tracingEnvironment', () => {
  for (const [name, rate] of [
    ['test', '1'],
    ['stage', '1'],
    ['prod', '0.05'],
  ] as const) {
    it(`points a ${name} service at the sidecar with X-Ray ids and the rate ${rate}`, () => {
      assert.deepEqual(tracingEnvironment(dwp, environment(name), 'claims-api'), {
        [ENV.otlpEndpoint]: 'http://localhost:4318',
        [ENV.otelServiceName]: 'claims-api',
        [ENV.traceSampleRate]: rate,
        [ENV.traceIdFormat]: 'xray',
      });
    });
  }

  it('only turns the SDK off when the definition turns tracing off', () => {
    const off = withTracing({ enabled: false, sampleRate: 1, environments: {} });
    assert.deepEqual(tracingEnvironment(off, environment('prod'), 'claims-api'), { [ENV.tracingDisabled]: 'true' });
  });

  it("names the runtime contract's variables", () => {
    assert.deepEqual(
      [ENV.otlpEndpoint, ENV.otelServiceName, ENV.traceSampleRate, ENV.traceIdFormat, ENV.tracingDisabled],
      [
        'OTEL_EXPORTER_OTLP_ENDPOINT',
        'OTEL_SERVICE_NAME',
        'OTEL_TRACES_SAMPLER_ARG',
        'TRACE_ID_FORMAT',
        'OTEL_SDK_DISABLED',
      ],
    );
  });
});
