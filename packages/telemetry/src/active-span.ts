/**
 * The span the current request runs in, for the service kit's logger (each log line carries the
 * ids of the span it was written in) and its error handler (a refused or failed request says why
 * on its span).
 */
import { SpanStatusCode, context, trace, isSpanContextValid, type Span } from '@opentelemetry/api';

/** The span of the code running now, when the process traces and a span is open. */
export function activeSpan(): Span | undefined {
  return trace.getSpan(context.active());
}

export function activeSpanIds(): { traceId: string; spanId: string; sampled: boolean } | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const ctx = span.spanContext();
  if (!isSpanContextValid(ctx)) return undefined;
  return { traceId: ctx.traceId, spanId: ctx.spanId, sampled: (ctx.traceFlags & 1) === 1 };
}

/**
 * Records the platform's error code on the active span as `error.type` (OpenTelemetry's attribute
 * for the class of error). A 5xx is the server's failure and sets the span's status to ERROR; a 4xx
 * is the caller's mistake and leaves the status unset, as the HTTP conventions say.
 */
export function markSpanFailed(span: Span | undefined, code: string, statusCode: number, message?: string): void {
  if (!span) return;
  span.setAttribute('error.type', code);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR, ...(message ? { message } : {}) });
}
