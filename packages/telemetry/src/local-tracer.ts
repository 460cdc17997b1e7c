/**
 * A tracer that is not the process's global one, for the local runtime's own in-process parts
 * (the edge): its spans go over OTLP to the same trace store as every service's, but the runtime's
 * health checks and registry traffic are not instrumented, so they do not crowd the traces.
 */
import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { BATCH_SETTINGS } from './batch-settings.ts';

export interface LocalTracer {
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

export function createLocalTracer(opts: { serviceName: string; endpoint: string; sampleRate: number }): LocalTracer {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.sampleRate) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `${opts.endpoint}/v1/traces` }),
        ...BATCH_SETTINGS,
      }),
    ],
  });
  return { tracer: provider.getTracer('@dwp/edge'), shutdown: () => provider.shutdown() };
}
