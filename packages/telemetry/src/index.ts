export { readTracingConfig, TracingConfigError, type TracingConfig } from './tracing-config.ts';
export { tracingStarted, flushTracing } from './tracing-state.ts';
export { createRequestTracer, type RequestSpan, type RequestTracer } from './request-tracer.ts';
export { createLocalTracer, type LocalTracer } from './local-tracer.ts';
export { activeSpan, activeSpanIds, markSpanFailed } from './active-span.ts';

/** The preload's module specifier, for whatever starts a process (`node --import <it> main.ts`). */
export const TELEMETRY_PRELOAD = '@dwp/telemetry/register';
export {
  carrierOfMessageAttributes,
  currentTraceCarrier,
  inConsumerSpan,
  withTraceCarrier,
  type TraceCarrier,
} from './message-context.ts';
