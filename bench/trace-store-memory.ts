/**
 * How much memory the runtime's trace store holds for 100k spans, the figure issue 12 bounds at
 * 100 MB. The spans take the real path: encoded by the OTLP exporter's own protobuf serializer,
 * decoded by the store's decoder, added in export-sized batches. Ten attributes each, ten spans a
 * trace, five services with two instances each.
 *
 *   npx node --expose-gc bench/trace-store-memory.ts [spans]
 */
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { randomBytes } from 'node:crypto';
import { SpanInterner, TraceStore, decodeTraceRequestProtobuf } from '@dwp/dev-runtime/traces';

const SPANS = Number(process.argv[2] ?? 100_000);
const BATCH = 512;
const SPANS_PER_TRACE = 10;
const SERVICES = ['frontend', 'citizen-api', 'claims-api', 'benefits-api', 'address-api'];
const resources: Resource[] = SERVICES.flatMap((s) =>
  [1, 2].map((i) =>
    resourceFromAttributes({ 'service.name': s, 'service.instance.id': `${s}-${i}`, 'host.name': 'laptop' }),
  ),
);
const ROUTES = ['/api/claims/{id}', '/api/citizens/{id}', '/api/benefits', '/api/addresses/search', '/claims/new'];

function gc(): void {
  if (!globalThis.gc) throw new Error('run with --expose-gc');
  globalThis.gc();
}

function span(traceId: string, n: number, parentId: string | undefined, spanId: string): ReadableSpan {
  const startNs = BigInt(Date.now()) * 1_000_000n + BigInt(n) * 1000n;
  const start: [number, number] = [Number(startNs / 1_000_000_000n), Number(startNs % 1_000_000_000n)];
  const route = ROUTES[n % ROUTES.length]!;
  const status = n % 50 === 0 ? 500 : 200;
  return {
    name: `GET ${route}`,
    kind: n % 2 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
    spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
    ...(parentId ? { parentSpanContext: { traceId, spanId: parentId, traceFlags: TraceFlags.SAMPLED } } : {}),
    startTime: start,
    endTime: [start[0], start[1] + 2_500_000],
    duration: [0, 2_500_000],
    status: status === 500 ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.UNSET },
    attributes: {
      'http.request.method': 'GET',
      'http.route': route,
      'url.path': route.replace('{id}', String(100000 + n)),
      'url.scheme': 'http',
      'http.response.status_code': status,
      'server.address': '127.0.0.1',
      'server.port': 9000 + (n % 10),
      'network.protocol.version': '1.1',
      'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0',
      'dwp.correlation.id': randomBytes(8).toString('hex'),
    },
    links: [],
    events: [],
    ended: true,
    resource: resources[n % resources.length]!,
    instrumentationScope: { name: '@opentelemetry/instrumentation-http', version: '0.301.0' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

gc();
const before = process.memoryUsage();
const store = new TraceStore();
const interner = new SpanInterner();
let batch: ReadableSpan[] = [];
let traceId = '';
let rootId = '';
for (let n = 0; n < SPANS; n++) {
  const spanId = randomBytes(8).toString('hex');
  if (n % SPANS_PER_TRACE === 0) {
    traceId = randomBytes(16).toString('hex');
    rootId = spanId;
  }
  batch.push(span(traceId, n, n % SPANS_PER_TRACE === 0 ? undefined : rootId, spanId));
  if (batch.length === BATCH || n === SPANS - 1) {
    const bytes = ProtobufTraceSerializer.serializeRequest(batch);
    if (!bytes) throw new Error('serializer produced nothing');
    store.add(decodeTraceRequestProtobuf(bytes, interner));
    batch = [];
  }
}
gc();
const after = process.memoryUsage();
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const stats = store.stats();
console.log(`trace store: ${stats.spans} spans in ${stats.traces} traces (${stats.evictedTraces} traces evicted)`);
console.log(`heapUsed delta: ${mb(after.heapUsed - before.heapUsed)}`);
console.log(`rss delta:      ${mb(after.rss - before.rss)}`);
console.log(`heap per span:  ${Math.round((after.heapUsed - before.heapUsed) / stats.spans)} bytes`);
