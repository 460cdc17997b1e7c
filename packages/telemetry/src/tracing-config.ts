/**
 * What a process's environment says about tracing, read once and checked: the runtime contract's
 * variables (OpenTelemetry's own names) with the defaults a laptop wants. Pure.
 */
import { ENV } from '@dwp/platform';

export interface TracingConfig {
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly instanceId: string | undefined;
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  /** Share of new traces recorded; a trace that arrives with a decision keeps it. */
  readonly sampleRate: number;
  /** `xray`: X-Ray trace ids (time-prefixed) and the X-Ray header beside W3C's. */
  readonly idFormat: 'w3c' | 'xray';
}

export class TracingConfigError extends Error {
  readonly code = 'TELEMETRY_ERR_CONFIG';
}

/** OTLP/HTTP's default endpoint, where a collector sidecar listens. */
const DEFAULT_ENDPOINT = 'http://localhost:4318';

export function readTracingConfig(env: NodeJS.ProcessEnv): TracingConfig {
  const serviceName = env[ENV.otelServiceName] ?? env[ENV.serviceName] ?? 'unknown-service';
  const disabled = (env[ENV.tracingDisabled] ?? '').trim().toLowerCase() === 'true';
  const rateText = env[ENV.traceSampleRate];
  const sampleRate = rateText === undefined || rateText.trim() === '' ? 1 : Number(rateText);
  if (!Number.isFinite(sampleRate) || sampleRate < 0 || sampleRate > 1) {
    throw new TracingConfigError(
      `${ENV.traceSampleRate} must be a number from 0 to 1, not ${JSON.stringify(rateText)}`,
    );
  }
  const format = (env[ENV.traceIdFormat] ?? 'w3c').trim().toLowerCase();
  if (format !== 'w3c' && format !== 'xray') {
    throw new TracingConfigError(`${ENV.traceIdFormat} must be w3c or xray, not ${JSON.stringify(format)}`);
  }
  const endpoint = (env[ENV.otlpEndpoint] ?? DEFAULT_ENDPOINT).trim().replace(/\/+$/, '');
  try {
    new URL(endpoint);
  } catch {
    throw new TracingConfigError(`${ENV.otlpEndpoint} must be a URL, not ${JSON.stringify(endpoint)}`);
  }
  return {
    enabled: !disabled,
    serviceName,
    instanceId: env[ENV.instanceId],
    endpoint,
    sampleRate,
    idFormat: format,
  };
}
