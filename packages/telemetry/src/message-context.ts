/**
 * Trace context that crosses a queue. A message's context is written where the event is made (the
 * outbox row, in the request's transaction) and read where it is handled (the consumer), so the
 * request that caused an event and the work the event causes are one trace, however long the
 * message waited and whichever process relayed it.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
} from '@opentelemetry/api';

export type TraceCarrier = Record<string, string>;

/** The current context as its propagation fields (`traceparent`, and `tracestate` when set); empty when not tracing. */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: TraceCarrier = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `fn` as the continuation of the context in `carrier` (a stored event's). */
export function withTraceCarrier<T>(carrier: TraceCarrier | undefined, fn: () => T): T {
  if (!carrier || Object.keys(carrier).length === 0) return fn();
  return context.with(propagation.extract(ROOT_CONTEXT, carrier), fn);
}

/** The propagation fields among an SQS message's attributes (the SDK instrumentation writes them there). */
export function carrierOfMessageAttributes(
  attributes: Readonly<Record<string, { readonly StringValue?: string | undefined }>> | undefined,
): TraceCarrier {
  const carrier: TraceCarrier = {};
  for (const field of propagation.fields()) {
    const value = attributes?.[field]?.StringValue;
    if (value) carrier[field] = value;
  }
  return carrier;
}

/**
 * Handles one message in a CONSUMER span that is the child of the span that sent it. A failure
 * sets the span's status and goes on to the caller (whose retry rules decide what happens next).
 */
export async function inConsumerSpan<T>(
  name: string,
  carrier: TraceCarrier,
  attributes: Attributes,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = trace.getTracer('@dwp/telemetry').startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    if (err instanceof Error) span.recordException(err);
    throw err;
  } finally {
    span.end();
  }
}
