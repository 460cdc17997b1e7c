/**
 * Starts OpenTelemetry in a service process: one span per request (Fastify), database query
 * (PostgreSQL), AWS call (DynamoDB, S3, SQS, Cognito), Redis command and outbound HTTP call
 * (undici, which is also what `fetch` uses, and node:http), exported over OTLP/HTTP protobuf in batches. Trace
 * context is W3C's; on AWS the X-Ray header as well, with X-Ray's time-prefixed trace ids, so API
 * Gateway's segments and these spans form one trace.
 */
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { RequestRootSampler } from './request-sampler.ts';
import type { TracingConfig } from './tracing-config.ts';
import { nameRequestSpan } from './request-span-name.ts';
import { BATCH_SETTINGS } from './batch-settings.ts';

/** Paths probed by load balancers and scrapers many times a minute: spans of them would bury the rest. */
const UNTRACED_PATHS = new Set(['/health', '/metrics']);

export interface StartedTracing {
  /** Sends what is buffered and stops; a stopping process calls it so its last spans are not lost. */
  shutdown(): Promise<void>;
}

export function startTracing(config: TracingConfig): StartedTracing {
  // Metrics go out as Prometheus text and logs as JSON lines; the SDK must not start OTLP
  // exporters for either, which it does when these are unset.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const propagator: TextMapPropagator =
    config.idFormat === 'xray'
      ? new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()] })
      : new W3CTraceContextPropagator();
  const sdk = new NodeSDK({
    autoDetectResources: false,
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: config.serviceName,
      ...(config.instanceId ? { 'service.instance.id': config.instanceId } : {}),
    }),
    sampler: new RequestRootSampler(new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRate) })),
    textMapPropagator: propagator,
    ...(config.idFormat === 'xray' ? { idGenerator: new AWSXRayIdGenerator() } : {}),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` }),
        ...BATCH_SETTINGS,
      }),
    ],
    instrumentations: [
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        // One span per request: its queries and calls are its children. A span per handler and per
        // lifecycle hook as well (the gateway runs a dozen) would bury what a request did under
        // how Fastify ran it, and cost more than the request's own work on a quick route.
        instrumentHooks: false,
        instrumentHandler: false,
        ignorePaths: (route) => UNTRACED_PATHS.has(route.url.split('?')[0] ?? ''),
        requestHook: nameRequestSpan,
      }),
      new UndiciInstrumentation(),
      // Outbound only: Fastify's instrumentation makes the server spans. This covers clients that
      // use node:http (axios in the Notify client; the AWS SDK's handler is suppressed below).
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true }),
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
