/**
 * The tracing variables of a service container in one environment, from the definition's
 * `observability.tracing` and the runtime contract's names. Pure.
 */
import { ENV, type Environment, type Platform } from '@dwp/platform';

/** OTLP over HTTP to the collector sidecar: in awsvpc mode the task's containers share localhost. */
export const OTLP_HTTP_ENDPOINT = 'http://localhost:4318';

/** X-Ray trace ids and the X-Ray propagator, so API Gateway's segments and the services' spans join one trace. */
export const AWS_TRACE_ID_FORMAT = 'xray';

/** The share of new traces recorded in the environment: its own rate, else the definition's. */
export function traceSampleRate(platform: Platform, environment: Environment): number {
  const tracing = platform.observability.tracing;
  return tracing.environments[environment.name] ?? tracing.sampleRate;
}

/**
 * With tracing on: where spans go, the service's name, the environment's sample rate and X-Ray ids.
 * With it off: only `OTEL_SDK_DISABLED=true` (and no sidecar to send to).
 */
export function tracingEnvironment(
  platform: Platform,
  environment: Environment,
  serviceName: string,
): Record<string, string> {
  if (!platform.observability.tracing.enabled) return { [ENV.tracingDisabled]: 'true' };
  return {
    [ENV.otlpEndpoint]: OTLP_HTTP_ENDPOINT,
    [ENV.otelServiceName]: serviceName,
    [ENV.traceSampleRate]: String(traceSampleRate(platform, environment)),
    [ENV.traceIdFormat]: AWS_TRACE_ID_FORMAT,
  };
}
