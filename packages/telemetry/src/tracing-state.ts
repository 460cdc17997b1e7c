/**
 * Whether this process traces, for code that must behave differently when it does: an outbound
 * call carries the trace context the instrumentation injects, or, without tracing, the one the
 * service kit makes itself. One module-level value, set once by the preload.
 */
import type { StartedTracing } from './start-tracing.ts';

let started: StartedTracing | undefined;

export function setStartedTracing(t: StartedTracing): void {
  started = t;
}

export function tracingStarted(): boolean {
  return started !== undefined;
}

/** Sends the spans still buffered; resolves at once in a process that does not trace. */
export async function flushTracing(): Promise<void> {
  const t = started;
  started = undefined;
  await t?.shutdown();
}
