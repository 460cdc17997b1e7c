import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildServiceMap, percentile, serviceMapRoute } from './service-map.ts';
import { SPAN_KIND } from './span-model.ts';
import { sid, storedSpan, tid } from './stored-spans.fixture.ts';
import { TraceStore } from './trace-store.ts';

const NOW_MS = 1_700_000_100_000;
const NOW_US = NOW_MS * 1000;

/**
 * `n` requests frontend -> claims-api, ending `agoS` seconds before now: each a frontend SERVER
 * span, its CLIENT span, and the claims-api SERVER span beneath. Every `errorEvery`th claims call fails.
 */
function requests(store: TraceStore, first: number, n: number, agoS: number, errorEvery = 0): void {
  for (let i = first; i < first + n; i++) {
    const end = NOW_US - agoS * 1_000_000;
    const claimsMs = i - first + 1;
    store.add([
      storedSpan({
        traceId: tid(i),
        spanId: sid(3 * i),
        service: 'frontend',
        startUs: end - 50_000,
        durationUs: 50_000,
      }),
      storedSpan({
        traceId: tid(i),
        spanId: sid(3 * i + 1),
        parentSpanId: sid(3 * i),
        service: 'frontend',
        kind: SPAN_KIND.CLIENT,
        startUs: end - 40_000,
        durationUs: 30_000,
      }),
      storedSpan({
        traceId: tid(i),
        spanId: sid(3 * i + 2),
        parentSpanId: sid(3 * i + 1),
        service: 'claims-api',
        startUs: end - 40_000,
        durationUs: claimsMs * 1000,
        error: errorEvery > 0 && (i - first) % errorEvery === 0,
      }),
    ]);
  }
}

describe('service map', () => {
  it('draws an edge to each data store a service calls, from its client spans', () => {
    const store = new TraceStore();
    const end = NOW_US - 2_000_000;
    const call = (n: number, attributes: Record<string, string | { kind: 'array'; values: string[] }>, error = false) =>
      storedSpan({
        traceId: tid(100),
        spanId: sid(n),
        parentSpanId: sid(1),
        kind: n === 5 ? SPAN_KIND.PRODUCER : SPAN_KIND.CLIENT,
        startUs: end - 3000,
        durationUs: 2000,
        attributes,
        error,
      });
    store.add([
      storedSpan({ traceId: tid(100), spanId: sid(1), startUs: end - 5000, durationUs: 5000 }),
      call(2, { 'db.system.name': 'postgresql', 'db.namespace': 'dwp_claims' }),
      call(3, { 'db.system.name': 'postgresql', 'db.namespace': 'dwp_claims' }, true),
      call(4, { 'rpc.service': 'S3', 'aws.s3.bucket': 'dwp-documents' }),
      call(5, { 'messaging.system': 'aws_sqs', 'messaging.destination.name': 'dwp-notifications' }),
      call(6, { 'rpc.service': 'DynamoDB', 'aws.dynamodb.table_names': { kind: 'array', values: ['dwp-citizens'] } }),
      call(7, { 'db.system.name': 'redis' }),
      // An HTTP call to another service is drawn from that service's own server span, not here.
      call(8, { 'http.request.method': 'GET' }),
    ]);
    const edges = buildServiceMap(store, 60, NOW_MS).edges.map((e) => [e.to, e.requests, e.errors]);
    assert.deepEqual(edges, [
      ['dwp_claims', 2, 1],
      ['dwp-citizens', 1, 0],
      ['dwp-documents', 1, 0],
      ['dwp-notifications', 1, 0],
      ['redis', 1, 0],
    ]);
  });

  it('counts server spans per service and caller-to-callee edges in the window', () => {
    const store = new TraceStore();
    requests(store, 1, 20, 5, 4);
    const map = buildServiceMap(store, 60, NOW_MS);
    assert.equal(map.windowSeconds, 60);
    assert.equal(map.generatedAt, new Date(NOW_MS).toISOString());
    assert.deepEqual(map.nodes, [
      { service: 'claims-api', requests: 20, errors: 5, rps: 0.333, errorRate: 0.25, p95Ms: 19 },
      { service: 'frontend', requests: 20, errors: 0, rps: 0.333, errorRate: 0, p95Ms: 50 },
    ]);
    assert.deepEqual(map.edges, [
      { from: 'frontend', to: 'claims-api', requests: 20, errors: 5, rps: 0.333, errorRate: 0.25, p95Ms: 19 },
    ]);
  });

  it('leaves out spans that ended before the window', () => {
    const store = new TraceStore();
    requests(store, 1, 10, 120);
    requests(store, 100, 3, 10);
    const map = buildServiceMap(store, 60, NOW_MS);
    assert.deepEqual(
      map.nodes.map((n) => [n.service, n.requests]),
      [
        ['claims-api', 3],
        ['frontend', 3],
      ],
    );
    assert.equal(buildServiceMap(store, 900, NOW_MS).edges[0]?.requests, 13);
  });

  it('draws no edge between spans of one service, and none when the parent is not stored', () => {
    const store = new TraceStore();
    store.add([
      storedSpan({ traceId: tid(1), spanId: sid(1), service: 'claims-api', startUs: NOW_US - 2000 }),
      storedSpan({
        traceId: tid(1),
        spanId: sid(2),
        parentSpanId: sid(1),
        service: 'claims-api',
        startUs: NOW_US - 2000,
      }),
      storedSpan({
        traceId: tid(2),
        spanId: sid(3),
        parentSpanId: sid(99),
        service: 'address-api',
        startUs: NOW_US - 2000,
      }),
    ]);
    const map = buildServiceMap(store, 60, NOW_MS);
    assert.deepEqual(map.edges, []);
    assert.deepEqual(
      map.nodes.map((n) => [n.service, n.requests]),
      [
        ['address-api', 1],
        ['claims-api', 2],
      ],
    );
  });

  it('shows a caller that has only client spans as a node with no requests of its own', () => {
    const store = new TraceStore();
    store.add([
      storedSpan({ traceId: tid(1), spanId: sid(1), service: 'edge', kind: SPAN_KIND.CLIENT, startUs: NOW_US - 5000 }),
      storedSpan({
        traceId: tid(1),
        spanId: sid(2),
        parentSpanId: sid(1),
        service: 'frontend',
        startUs: NOW_US - 4000,
      }),
    ]);
    const map = buildServiceMap(store, 60, NOW_MS);
    assert.deepEqual(map.nodes[0], { service: 'edge', requests: 0, errors: 0, rps: 0, errorRate: 0, p95Ms: 0 });
    assert.deepEqual(
      map.edges.map((e) => [e.from, e.to]),
      [['edge', 'frontend']],
    );
  });

  it('answers the console route with the default window, and 400 for a bad one', () => {
    const store = new TraceStore();
    const ok = serviceMapRoute(store, new URLSearchParams(), NOW_MS);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { windowSeconds: 60, generatedAt: new Date(NOW_MS).toISOString(), nodes: [], edges: [] });
    for (const w of ['0', '901', 'abc', '1.5', '-5']) {
      const r = serviceMapRoute(store, new URLSearchParams({ window: w }), NOW_MS);
      assert.equal(r.status, 400, w);
      assert.deepEqual(Object.keys(r.body as object), ['error']);
    }
    assert.equal(serviceMapRoute(store, new URLSearchParams({ window: '900' }), NOW_MS).status, 200);
  });

  it('takes the nearest-rank p95', () => {
    assert.equal(percentile([], 0.95), 0);
    assert.equal(percentile([5], 0.95), 5);
    assert.equal(
      percentile(
        Array.from({ length: 100 }, (_, i) => 100 - i),
        0.95,
      ),
      95,
    );
  });
});
