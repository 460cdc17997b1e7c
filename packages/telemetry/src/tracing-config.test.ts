import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTracingConfig, TracingConfigError } from './tracing-config.ts';

describe('readTracingConfig', () => {
  it('traces every request to a local collector when nothing is said', () => {
    assert.deepEqual(readTracingConfig({ SERVICE_NAME: 'citizen-api' }), {
      enabled: true,
      serviceName: 'citizen-api',
      instanceId: undefined,
      endpoint: 'http://localhost:4318',
      sampleRate: 1,
      idFormat: 'w3c',
    });
  });

  it("reads OpenTelemetry's own variables before the service's", () => {
    const c = readTracingConfig({
      SERVICE_NAME: 'citizen-api',
      OTEL_SERVICE_NAME: 'citizen',
      INSTANCE_ID: 'citizen-api-2',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:8090/',
      OTEL_TRACES_SAMPLER_ARG: '0.05',
      TRACE_ID_FORMAT: 'XRAY',
      OTEL_SDK_DISABLED: 'TRUE',
    });
    assert.equal(c.serviceName, 'citizen');
    assert.equal(c.instanceId, 'citizen-api-2');
    assert.equal(c.endpoint, 'http://127.0.0.1:8090');
    assert.equal(c.sampleRate, 0.05);
    assert.equal(c.idFormat, 'xray');
    assert.equal(c.enabled, false);
  });

  it('refuses a rate outside 0..1, an unknown id format and an endpoint that is not a URL', () => {
    for (const env of [
      { OTEL_TRACES_SAMPLER_ARG: '1.5' },
      { OTEL_TRACES_SAMPLER_ARG: 'half' },
      { TRACE_ID_FORMAT: 'b3' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
    ]) {
      assert.throws(() => readTracingConfig(env), TracingConfigError, JSON.stringify(env));
    }
  });
});
