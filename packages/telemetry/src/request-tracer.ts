/**
 * Server spans for a process that is not a Fastify service (the local edge): continue the
 * caller's trace from its headers, open a SERVER span, and give back the `traceparent` the next
 * hop must carry, so the edge is the root (or a link) of the trace the services continue.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export interface RequestSpan {
  /** The context the forwarded request carries: this span as the parent. */
  readonly traceparent: string;
  readonly traceId: string;
  setAttributes(attributes: Attributes): void;
  /** Ends the span with the answer's status: 5xx is an error, 4xx the client's (OpenTelemetry's HTTP rule). */
  end(statusCode: number): void;
}

export interface RequestTracer {
  start(
    name: string,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    attributes: Attributes,
  ): RequestSpan;
}

export function createRequestTracer(
  tracer: Tracer,
  propagator: TextMapPropagator = new W3CTraceContextPropagator(),
): RequestTracer {
  return {
    start(name, headers, attributes) {
      const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
      const ctx = span.spanContext();
      return {
        traceparent: carrier.traceparent ?? `00-${ctx.traceId}-${ctx.spanId}-0${ctx.traceFlags & 1}`,
        traceId: ctx.traceId,
        setAttributes(more) {
          span.setAttributes(more);
        },
        end(statusCode) {
          span.setAttribute('http.response.status_code', statusCode);
          if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
  };
}
