/**
 * Fills a running platform's trace store to its bound before a soak, over OTLP/HTTP as the
 * services export: DEFAULT_MAX_TRACES traces of DEFAULT_MAX_SPANS / DEFAULT_MAX_TRACES spans each,
 * shaped like the gateway's (a SERVER span and its children, a dozen attributes each). A store
 * filling is growth by design, bounded and measured on its own (trace-store-memory.ts: 100,000
 * spans hold about 63 MB); started full, the soak sees the store in its steady state, evicting
 * the oldest trace for every new one, and any growth left in the runtime is something else.
 */
import { SpanKind } from '@opentelemetry/api';
import {
  newSpanId,
  newTraceId,
  protobufExport,
  type FixtureSpan,
} from '../packages/dev-runtime/src/traces/otlp-spans.fixture.ts';
import { DEFAULT_MAX_SPANS, DEFAULT_MAX_TRACES } from '../packages/dev-runtime/src/traces/trace-store.ts';

const TRACES_PER_REQUEST = 100;

function traceOf(atUs: number): FixtureSpan[] {
  const traceId = newTraceId();
  const root = newSpanId();
  const perTrace = Math.max(1, Math.floor(DEFAULT_MAX_SPANS / DEFAULT_MAX_TRACES));
  const attributes = {
    'http.request.method': 'GET',
    'http.route': '/claims/{proxy+}',
    'url.path': '/api/claims/claims',
    'url.scheme': 'http',
    'http.response.status_code': 200,
    'server.address': '127.0.0.1',
    'server.port': 8080,
    'aws.api_gateway.stage': 'local',
    'aws.api_gateway.resource': '/claims/{proxy+}',
    'aws.api_gateway.cache': 'bypass',
  };
  return Array.from({ length: perTrace }, (_, i) => ({
    traceId,
    spanId: i === 0 ? root : newSpanId(),
    ...(i === 0 ? {} : { parentSpanId: root }),
    name: i === 0 ? 'GET /claims/{proxy+}' : `pg.query:SELECT ${i}`,
    kind: i === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
    service: 'soak-fill',
    startUs: atUs + i * 10,
    durationUs: 500,
    attributes,
  }));
}

/** Posts the traces; resolves with how many spans the store was sent. */
export async function fillTraceStore(adminUrl: string): Promise<number> {
  const startUs = (Date.now() - 60 * 60_000) * 1000;
  let spans = 0;
  for (let sent = 0; sent < DEFAULT_MAX_TRACES; sent += TRACES_PER_REQUEST) {
    const batch = Array.from({ length: TRACES_PER_REQUEST }, (_, i) => traceOf(startUs + (sent + i) * 1000)).flat();
    const res = await fetch(`${adminUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(protobufExport(batch)),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the trace store refused a batch: ${res.status}`);
    spans += batch.length;
  }
  return spans;
}
