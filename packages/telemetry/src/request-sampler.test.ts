import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { AlwaysOnSampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { RequestRootSampler } from './request-sampler.ts';

const sampler = new RequestRootSampler(new AlwaysOnSampler());
const decide = (kind: SpanKind, attributes = {}, context = ROOT_CONTEXT) =>
  sampler.shouldSample(context, '0af7651916cd43dd8448eb211c80319c', 'x', kind, attributes, []).decision;

describe('RequestRootSampler', () => {
  it('starts traces at requests and at the handling of messages', () => {
    assert.equal(decide(SpanKind.SERVER), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(
      decide(SpanKind.CONSUMER, { 'messaging.operation.type': 'process' }),
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('does not record background calls that no request made, nor a queue poll', () => {
    assert.equal(decide(SpanKind.CLIENT), SamplingDecision.NOT_RECORD);
    assert.equal(decide(SpanKind.INTERNAL), SamplingDecision.NOT_RECORD);
    assert.equal(decide(SpanKind.PRODUCER), SamplingDecision.NOT_RECORD);
    assert.equal(decide(SpanKind.CONSUMER, { 'messaging.operation.type': 'receive' }), SamplingDecision.NOT_RECORD);
  });

  it('leaves a span inside a request to the wrapped sampler', () => {
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    });
    assert.equal(decide(SpanKind.CLIENT, {}, parent), SamplingDecision.RECORD_AND_SAMPLED);
  });
});
