/**
 * Traces begin where work begins: at a request (a SERVER span) or a message's handling (a
 * CONSUMER span). A client call with no parent is background upkeep (a health check's DynamoDB
 * probe, a pool's reconnect, the queue consumer's long poll), and would be a one-span trace every
 * few seconds that buries the requests people look for; it is not recorded. Everything else is
 * decided by the wrapped sampler (the definition's rate, following the parent's decision).
 */
import { SpanKind, trace, type Attributes, type Context, type Link } from '@opentelemetry/api';
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';

const NOT_RECORDED: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

export class RequestRootSampler implements Sampler {
  readonly #delegate: Sampler;

  constructor(delegate: Sampler) {
    this.#delegate = delegate;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (trace.getSpanContext(context) === undefined && !startsWork(spanKind, attributes)) return NOT_RECORDED;
    return this.#delegate.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `RequestRootSampler{${this.#delegate.toString()}}`;
  }
}

function startsWork(kind: SpanKind, attributes: Attributes): boolean {
  if (kind === SpanKind.SERVER) return true;
  // A receive is the poll itself; the handling of each message it brings is its own CONSUMER span.
  return kind === SpanKind.CONSUMER && attributes['messaging.operation.type'] !== 'receive';
}
