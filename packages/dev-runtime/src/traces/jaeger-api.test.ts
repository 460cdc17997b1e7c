import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaegerRoute } from './jaeger-api.ts';
import { SPAN_KIND } from './span-model.ts';
import { sid, storedSpan, tid } from './stored-spans.fixture.ts';
import { TraceStore } from './trace-store.ts';

const NOW_US = 1_700_000_100_000_000;
const T0 = 1_700_000_000_000_000;

/** Trace 1: frontend -> claims-api (error). Trace 2: frontend only, later and slower. */
function seeded(): TraceStore {
  const store = new TraceStore();
  store.add([
    storedSpan({
      traceId: tid(1),
      spanId: sid(1),
      service: 'frontend',
      name: 'GET /claims',
      startUs: T0,
      durationUs: 5000,
    }),
    storedSpan({
      traceId: tid(1),
      spanId: sid(2),
      parentSpanId: sid(1),
      service: 'frontend',
      kind: SPAN_KIND.CLIENT,
      name: 'GET',
      startUs: T0 + 100,
      durationUs: 4000,
    }),
    storedSpan({
      traceId: tid(1),
      spanId: sid(3),
      parentSpanId: sid(2),
      service: 'claims-api',
      instance: 'claims-api-1',
      name: 'GET /claims/{id}',
      startUs: T0 + 200,
      durationUs: 3000,
      attributes: { 'http.response.status_code': 500, 'http.request.method': 'GET' },
      error: true,
      statusMessage: 'database unavailable',
    }),
    storedSpan({
      traceId: tid(2),
      spanId: sid(4),
      service: 'frontend',
      name: 'GET /start',
      startUs: T0 + 60_000_000,
      durationUs: 900_000,
    }),
  ]);
  return store;
}

function get(store: TraceStore, path: string): { status: number; body: unknown } {
  const r = jaegerRoute(store, new URL(path, 'http://admin'), NOW_US);
  assert.ok(r, `${path} is a Jaeger route`);
  return r;
}

interface Envelope {
  data: unknown;
  total: number;
  limit: number;
  offset: number;
  errors: { code: number; msg: string }[] | null;
}

function envelope(r: { body: unknown }): Envelope {
  const b = r.body;
  assert.ok(typeof b === 'object' && b !== null && 'data' in b && 'errors' in b);
  return b as Envelope;
}

interface TraceJson {
  traceID: string;
  spans: {
    spanID: string;
    operationName: string;
    processID: string;
    references: unknown[];
    startTime: number;
    duration: number;
    tags: { key: string; type: string; value: unknown }[];
  }[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

const traceIds = (r: { body: unknown }) => (envelope(r).data as TraceJson[]).map((t) => t.traceID);

describe('Jaeger query API', () => {
  it('lists services in the Jaeger envelope', () => {
    assert.deepEqual(get(seeded(), '/api/services').body, {
      data: ['claims-api', 'frontend'],
      total: 2,
      limit: 0,
      offset: 0,
      errors: null,
    });
  });

  it("lists a service's operations, with kinds on /api/operations", () => {
    const store = seeded();
    assert.deepEqual(envelope(get(store, '/api/services/frontend/operations')).data, [
      'GET',
      'GET /claims',
      'GET /start',
    ]);
    assert.deepEqual(envelope(get(store, '/api/operations?service=frontend&spanKind=client')).data, [
      { name: 'GET', spanKind: 'client' },
    ]);
    assert.equal(get(store, '/api/operations').status, 400);
  });

  it('returns one trace shaped as Jaeger returns it', () => {
    const r = get(seeded(), `/api/traces/${tid(1)}`);
    assert.equal(r.status, 200);
    const env = envelope(r);
    assert.equal(env.errors, null);
    const [trace] = env.data as TraceJson[];
    assert.equal(trace!.traceID, tid(1));
    assert.deepEqual(
      trace!.spans.map((s) => s.spanID),
      [sid(1), sid(2), sid(3)],
    );
    const server = trace!.spans[2]!;
    assert.deepEqual(server.references, [{ refType: 'CHILD_OF', traceID: tid(1), spanID: sid(2) }]);
    assert.equal(server.startTime, T0 + 200);
    assert.equal(server.duration, 3000);
    assert.deepEqual(server.tags, [
      { key: 'http.response.status_code', type: 'int64', value: 500 },
      { key: 'http.request.method', type: 'string', value: 'GET' },
      { key: 'otel.scope.name', type: 'string', value: '@dwp/service-kit' },
      { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'database unavailable' },
    ]);
    assert.deepEqual(trace!.processes[server.processID], {
      serviceName: 'claims-api',
      tags: [{ key: 'service.instance.id', type: 'string', value: 'claims-api-1' }],
    });
    assert.equal(trace!.processes[trace!.spans[0]!.processID]?.serviceName, 'frontend');
    assert.equal(Object.keys(trace!.processes).length, 2);
  });

  it('accepts a trace ID without its leading zeroes, as Jaeger does', () => {
    assert.equal(get(seeded(), '/api/traces/1').status, 200);
  });

  it("answers an unknown trace with 404 in Jaeger's error envelope", () => {
    const r = get(seeded(), `/api/traces/${tid(99)}`);
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 404, msg: 'trace not found' }],
    });
  });

  it('searches by service, newest first', () => {
    const store = seeded();
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend')), [tid(2), tid(1)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=claims-api')), [tid(1)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&limit=1')), [tid(2)]);
  });

  it('filters by operation, duration and time', () => {
    const store = seeded();
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&operation=GET%20%2Fclaims')), [tid(1)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&minDuration=500ms')), [tid(2)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&maxDuration=4.5ms')), [tid(1)]);
    assert.deepEqual(traceIds(get(store, `/api/traces?service=frontend&start=${T0 + 1000}`)), [tid(2)]);
    assert.deepEqual(traceIds(get(store, `/api/traces?service=frontend&end=${T0 + 1000}`)), [tid(1)]);
    // NOW is 100 s after T0: a 1m lookback reaches back to T0 + 40 s.
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&lookback=1m')), [tid(2)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&lookback=2d')), [tid(2), tid(1)]);
  });

  it('filters by tags in the JSON, logfmt and tag=key:value forms', () => {
    const store = seeded();
    const tags = encodeURIComponent(JSON.stringify({ 'http.response.status_code': '500' }));
    assert.deepEqual(traceIds(get(store, `/api/traces?service=claims-api&tags=${tags}`)), [tid(1)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=claims-api&tags=error%3Dtrue')), [tid(1)]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=frontend&tags=error%3Dtrue')), []);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=claims-api&tag=service.instance.id:claims-api-1')), [
      tid(1),
    ]);
    assert.deepEqual(traceIds(get(store, '/api/traces?service=claims-api&tag=span.kind:client')), []);
  });

  it('returns the traces named by traceID parameters', () => {
    assert.deepEqual(traceIds(get(seeded(), `/api/traces?traceID=${tid(2)}&traceID=${tid(99)}`)), [tid(2)]);
  });

  it('answers bad parameters with 400 in the Jaeger envelope, never 500', () => {
    const store = seeded();
    for (const q of [
      '/api/traces',
      '/api/traces?service=frontend&limit=many',
      '/api/traces?service=frontend&limit=-1',
      '/api/traces?service=frontend&lookback=forever',
      '/api/traces?service=frontend&minDuration=5',
      '/api/traces?service=frontend&minDuration=2s&maxDuration=1s',
      '/api/traces?service=frontend&start=yesterday',
      '/api/traces?service=frontend&tags=%7Bnot-json',
      '/api/traces?service=frontend&tags=%5B1%5D',
      '/api/traces?service=frontend&tag=novalue',
      '/api/traces/not-hex',
      '/api/traces/%E0%A4%A',
      '/api/services/%E0%A4%A/operations',
    ]) {
      const r = get(store, q);
      assert.equal(r.status, 400, q);
      const env = envelope(r);
      assert.equal(env.data, null, q);
      assert.equal(env.errors?.[0]?.code, 400, q);
    }
  });

  it('answers /api/dependencies with the caller-to-callee call counts in the window', () => {
    const store = seeded();
    const endTs = Math.floor(NOW_US / 1000);
    assert.deepEqual(envelope(get(store, `/api/dependencies?endTs=${endTs}&lookback=3600000`)).data, [
      { parent: 'frontend', child: 'claims-api', callCount: 1 },
    ]);
    // A window that ends before trace 1 began holds no calls.
    assert.deepEqual(envelope(get(store, `/api/dependencies?endTs=${T0 / 1000 - 1}&lookback=1000`)).data, []);
    assert.equal(get(store, '/api/dependencies?lookback=soon').status, 400);
  });

  it('leaves other paths to the caller', () => {
    assert.equal(jaegerRoute(seeded(), new URL('http://admin/status'), NOW_US), undefined);
  });
});
