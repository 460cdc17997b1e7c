/**
 * How `npm start` traces: every process it starts (services, the gateway emulator, sandboxes)
 * runs with the telemetry preload and exports spans to the runtime's admin port, where the trace
 * store keeps them; the definition says whether and how much, and `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_SAMPLER_ARG` in the runtime's own environment override it (the bench's tracing-off
 * run). Pure.
 */
import { ENV, type Platform } from '@dwp/platform';
import { TELEMETRY_PRELOAD } from '@dwp/telemetry';

export interface TracingPlan {
  readonly enabled: boolean;
  readonly sampleRate: number;
  /** Node options a traced process starts with (the preload, before its own code loads). */
  readonly execArgv: readonly string[];
  /** The variables a process named `serviceName` gets. */
  envFor(serviceName: string): Record<string, string>;
}

const PRELOAD_URL = import.meta.resolve(TELEMETRY_PRELOAD);

export function planTracing(platform: Platform, otlpEndpoint: string, env: NodeJS.ProcessEnv): TracingPlan {
  const enabled = platform.observability.tracing.enabled && env[ENV.tracingDisabled]?.toLowerCase() !== 'true';
  const override = env[ENV.traceSampleRate];
  const sampleRate =
    override !== undefined && override !== '' ? Number(override) : platform.observability.tracing.sampleRate;
  if (!enabled) {
    return { enabled, sampleRate, execArgv: [], envFor: () => ({ [ENV.tracingDisabled]: 'true' }) };
  }
  return {
    enabled,
    sampleRate,
    execArgv: ['--import', PRELOAD_URL],
    envFor: (serviceName) => ({
      [ENV.otlpEndpoint]: otlpEndpoint,
      [ENV.otelServiceName]: serviceName,
      [ENV.traceSampleRate]: String(sampleRate),
    }),
  };
}
