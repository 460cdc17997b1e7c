/** The trace store's public surface, for the runtime to wire in (local-platform.ts) and for benches. */
export { TraceStore, type TraceStoreOptions, type StoredTrace, type AddResult } from './trace-store.ts';
export { LogIndex, type LogIndexOptions, type LogEntry } from './log-index.ts';
export { TraceApi, type TraceApiOptions } from './trace-api.ts';
export { OtlpTraceReceiver, DEFAULT_MAX_BODY_BYTES } from './otlp-receiver.ts';
export { decodeTraceRequestProtobuf } from './otlp-protobuf.ts';
export { decodeTraceRequestJson } from './otlp-json.ts';
export { SpanInterner } from './span-interner.ts';
export { OtlpError, OtlpDecodeError, OtlpTooLargeError, OtlpUnsupportedMediaError } from './otlp-errors.ts';
export type { StoredSpan, Attributes, AttrValue, SpanResource, SpanScope } from './span-model.ts';
export { fromReadableSpan, type ReadableSpanLike } from './readable-span.ts';
