import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { SpanKind } from '@opentelemetry/api';
import { createAdminServer } from './admin-server.ts';
import { Registry } from './registry.ts';
import { ReleaseInProgressError, UnknownProcessError } from './release/release-controller.ts';
import type { ReleaseRequest } from './release/release-request.ts';
import type { ReleaseView } from './release/release-view.ts';
import type { PlatformStatus } from './status-table.ts';
import { LogIndex } from './traces/log-index.ts';
import { jsonExport, newSpanId, newTraceId, protobufExport, type FixtureSpan } from './traces/otlp-spans.fixture.ts';
import { ProtobufReader } from './traces/protobuf-reader.ts';
import { TraceStore } from './traces/trace-store.ts';

const NOW_MS = 1_700_000_100_000;

const status: PlatformStatus = {
  platform: 'dwp',
  entry: 'http://localhost:8080',
  admin: 'http://127.0.0.1:8090',
  stores: [],
  standIns: [],
  services: [],
};

function spans(service = 'claims-api'): FixtureSpan[] {
  const traceId = newTraceId();
  const root = newSpanId();
  return [
    {
      traceId,
      spanId: root,
      name: 'GET /claims',
      kind: SpanKind.SERVER,
      service: 'frontend',
      startUs: NOW_MS * 1000 - 9000,
      durationUs: 8000,
    },
    {
      traceId,
      spanId: newSpanId(),
      parentSpanId: root,
      name: 'GET /claims/{id}',
      kind: SpanKind.SERVER,
      service,
      startUs: NOW_MS * 1000 - 8000,
      durationUs: 5000,
    },
  ];
}

describe('admin server', () => {
  const registry = new Registry({ healthy: 1, unhealthy: 1 });
  registry.register({ id: 'claims-api-1', service: 'claims-api', host: '127.0.0.1', port: 9001 });
  const traces = new TraceStore();
  const logs = new LogIndex();
  const server = createAdminServer(registry, () => status, { traces, logs, now: () => NOW_MS });
  let base = '';

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  const post = (body: Uint8Array, headers: Record<string, string>) =>
    fetch(`${base}/v1/traces`, { method: 'POST', body: new Uint8Array(body), headers });
  const getJson = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, body: (await res.json()) as unknown };
  };

  describe('existing routes', () => {
    it('still serve the status JSON and the registry; the page at / is the console, not given here', async () => {
      assert.deepEqual(await getJson('/status'), { status: 200, body: status });
      assert.equal((await getJson('/')).status, 404);
      const instances = await getJson('/v1/services/claims-api/instances');
      assert.equal(instances.status, 200);
      assert.equal((await getJson('/v1/services/nope/instances')).status, 404);
      assert.equal((await getJson('/nowhere')).status, 404);
    });

    it('still refuse other methods on them with 405', async () => {
      const res = await fetch(`${base}/status`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 405);
      await res.text();
    });

    it('answer the trace routes with 404 when no store is given', async () => {
      const bare = createAdminServer(registry, () => status);
      await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
      const res = await fetch(`${url}/api/services`);
      assert.equal(res.status, 404);
      await res.text();
      await new Promise<void>((resolve) =>
        bare.close(() => {
          resolve();
        }),
      );
    });
  });

  describe('OTLP/HTTP receiver', () => {
    it('accepts protobuf and answers an empty protobuf ExportTraceServiceResponse', async () => {
      const sent = spans();
      const res = await post(protobufExport(sent), { 'content-type': 'application/x-protobuf' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
      assert.equal((await res.arrayBuffer()).byteLength, 0);
      assert.equal(traces.get(sent[0]!.traceId)?.spans.length, 2);
    });

    it('accepts JSON and answers {}', async () => {
      const sent = spans();
      const res = await post(jsonExport(sent), { 'content-type': 'application/json; charset=utf-8' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {});
      assert.equal(traces.get(sent[0]!.traceId)?.spans.length, 2);
    });

    it('accepts gzip for both encodings', async () => {
      for (const [type, encode] of [
        ['application/x-protobuf', protobufExport],
        ['application/json', jsonExport],
      ] as const) {
        const sent = spans();
        const res = await post(gzipSync(encode(sent)), { 'content-type': type, 'content-encoding': 'gzip' });
        assert.equal(res.status, 200, type);
        await res.arrayBuffer();
        assert.equal(traces.get(sent[0]!.traceId)?.spans.length, 2, type);
      }
    });

    it('answers bad protobuf with 400 and a protobuf google.rpc.Status, storing nothing of it', async () => {
      const before = traces.stats().spans;
      const good = protobufExport(spans());
      // A whole valid request followed by a field that runs past the end of the body.
      const res = await post(Uint8Array.from([...good, 0x0a, 0x7f, 0x01]), {
        'content-type': 'application/x-protobuf',
      });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
      const r = new ProtobufReader(new Uint8Array(await res.arrayBuffer()));
      assert.deepEqual(r.tag(), { field: 1, wire: 0 });
      assert.equal(r.varint(), 3);
      r.tag();
      assert.match(r.string(), /past the end/);
      assert.equal(traces.stats().spans, before);
    });

    it('answers bad JSON with 400 and a JSON Status, storing nothing of it', async () => {
      const before = traces.stats().spans;
      const res = await post(Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}'), {
        'content-type': 'application/json',
      });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { code: number; message: string };
      assert.equal(body.code, 3);
      assert.match(body.message, /traceId/);
      assert.equal(traces.stats().spans, before);
    });

    it('answers a bad gzip body with 400', async () => {
      const res = await post(Buffer.from('not gzip'), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      assert.equal(res.status, 400);
      await res.arrayBuffer();
    });

    it('answers another media type or encoding with 415', async () => {
      const res = await post(Buffer.from('x'), { 'content-type': 'text/plain' });
      assert.equal(res.status, 415);
      assert.equal(((await res.json()) as { code: number }).code, 12);
      const br = await post(Buffer.from('x'), { 'content-type': 'application/json', 'content-encoding': 'br' });
      assert.equal(br.status, 415);
      await br.arrayBuffer();
    });

    it('answers a body over 8 MiB, or one that gunzips past it, with 413', async () => {
      const big = await post(new Uint8Array(8 * 1024 * 1024 + 1), { 'content-type': 'application/x-protobuf' });
      assert.equal(big.status, 413);
      await big.arrayBuffer();
      const bomb = gzipSync(new Uint8Array(9 * 1024 * 1024));
      const res = await post(bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
      assert.equal(res.status, 413);
      await res.arrayBuffer();
    });

    it('keeps serving after refusing requests', async () => {
      const sent = spans('address-api');
      const res = await post(protobufExport(sent), { 'content-type': 'application/x-protobuf' });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.ok(traces.get(sent[0]!.traceId));
    });
  });

  describe('query routes', () => {
    it('serve the Jaeger API over what was received', async () => {
      const sent = spans('benefits-api');
      const res = await post(protobufExport(sent), { 'content-type': 'application/x-protobuf' });
      await res.arrayBuffer();
      const services = await getJson('/api/services');
      assert.equal(services.status, 200);
      assert.ok((services.body as { data: string[] }).data.includes('benefits-api'));
      const one = await getJson(`/api/traces/${sent[0]!.traceId}`);
      assert.equal(one.status, 200);
      assert.equal((one.body as { data: { spans: unknown[] }[] }).data[0]?.spans.length, 2);
      assert.equal((await getJson('/api/traces?limit=x')).status, 400);
    });

    it('serve the console map and trace list', async () => {
      const map = await getJson('/api/console/map?window=60');
      assert.equal(map.status, 200);
      const edges = (map.body as { edges: { from: string; to: string }[] }).edges;
      assert.ok(edges.some((e) => e.from === 'frontend' && e.to === 'claims-api'));
      const list = await getJson('/api/console/traces?service=benefits-api');
      assert.equal((list.body as { traces: unknown[] }).traces.length, 1);
      assert.equal((await getJson('/api/console/map?window=0')).status, 400);
    });

    it("serve a trace's log lines", async () => {
      const traceId = newTraceId();
      logs.add('claims-api-1', JSON.stringify({ level: 30, time: NOW_MS, msg: 'hello', traceId }));
      const res = await getJson(`/api/traces/${traceId}/logs`);
      assert.equal(res.status, 200);
      assert.equal((res.body as { data: { msg: string }[] }).data[0]?.msg, 'hello');
    });
  });
});

describe('admin server release routes', () => {
  const registry = new Registry({ healthy: 1, unhealthy: 1 });
  registry.register({ id: 'claims-api-1', service: 'claims-api', host: '127.0.0.1', port: 9001 });
  registry.record('claims-api-1', { kind: 'process-started', at: 0 });
  registry.record('claims-api-1', { kind: 'check-passed', at: 1 });
  registry.register({ id: 'claims-api-r2-1', service: 'claims-api', host: '127.0.0.1', port: 9002, revision: 2 });
  registry.record('claims-api-r2-1', { kind: 'process-started', at: 0 });
  registry.record('claims-api-r2-1', { kind: 'check-passed', at: 1 });
  registry.setShares(
    'claims-api',
    new Map([
      [1, 90],
      [2, 10],
    ]),
  );
  const asked: ReleaseRequest[] = [];
  const view = { id: 'r-1', service: 'claims-api', state: 'running', steps: [] } as unknown as ReleaseView;
  const releases = {
    start: (r: ReleaseRequest) => {
      asked.push(r);
      if (r.service === 'nope') throw new UnknownProcessError('nope');
      if (asked.filter((a) => a.service === r.service).length > 1) throw new ReleaseInProgressError(r.service, 'r-1');
      return view;
    },
    get: (id: string) => (id === 'r-1' ? view : undefined),
    list: () => [view],
  };
  const server = createAdminServer(registry, () => status, { releases });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });
  const post = async (body: string) => {
    const res = await fetch(`${base}/v1/releases`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    return {
      status: res.status,
      location: res.headers.get('location'),
      body: (await res.json()) as { error?: { code: string; details?: unknown } },
    };
  };

  it('starts a release with 202 and where to follow it, its defaults filled in', async () => {
    const res = await post(JSON.stringify({ service: 'claims-api', strategy: 'canary', env: { RELEASE_LABEL: 'v2' } }));
    assert.equal(res.status, 202);
    assert.equal(res.location, '/v1/releases/r-1');
    assert.deepEqual(asked.at(-1), {
      service: 'claims-api',
      strategy: 'canary',
      env: { RELEASE_LABEL: 'v2' },
      healthTimeoutMs: 60_000,
    });
  });

  it('answers a second release of the same service with 409', async () => {
    const res = await post(JSON.stringify({ service: 'claims-api' }));
    assert.equal(res.status, 409);
    assert.equal(res.body.error?.code, 'ADMIN_ERR_RELEASE_IN_PROGRESS');
  });

  it('answers bad input with 400 naming the fields, and an unknown service with 404', async () => {
    for (const body of [
      '{"service":"claims-api","strategy":"rolling"}',
      '{"service":"claims-api","env":{"PORT":"1"}}',
      '{"service":"claims-api","env":{"BAD NAME":"1"}}',
      '{"service":"claims-api","env":{"NODE_OPTIONS":"--import=data:text/javascript,1"}}',
      '{"service":"claims-api","surprise":true}',
      '{}',
    ]) {
      const res = await post(body);
      assert.equal(res.status, 400, body);
      assert.equal(res.body.error?.code, 'ADMIN_ERR_BAD_RELEASE', body);
      assert.ok(Array.isArray(res.body.error.details), body);
    }
    assert.equal((await post('not json')).body.error?.code, 'ADMIN_ERR_INVALID_JSON');
    const unknown = await post('{"service":"nope"}');
    assert.deepEqual([unknown.status, unknown.body.error?.code], [404, 'ADMIN_ERR_UNKNOWN_SERVICE']);
  });

  it('starts no release for a web page: a simple cross-origin POST or a foreign Origin is refused', async () => {
    const before = asked.length;
    // What any page can send without a CORS preflight.
    const simple = await fetch(`${base}/v1/releases`, {
      method: 'POST',
      body: '{"service":"claims-api"}',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(simple.status, 415);
    const foreign = await fetch(`${base}/v1/releases`, {
      method: 'POST',
      body: '{"service":"claims-api"}',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(asked.length, before, 'nothing reached the release controller');
  });

  it('lists releases and shows one; an unknown id is 404', async () => {
    assert.deepEqual(await (await fetch(`${base}/v1/releases`)).json(), { releases: [view] });
    assert.deepEqual(await (await fetch(`${base}/v1/releases/r-1`)).json(), view);
    const missing = await fetch(`${base}/v1/releases/r-9`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'ADMIN_ERR_UNKNOWN_RELEASE');
  });

  it("gives each healthy instance its revision and weight in the registry's answer", async () => {
    const body = (await (await fetch(`${base}/v1/services/claims-api/instances?healthy=true`)).json()) as {
      instances: { id: string; revision: number; weight: number }[];
    };
    assert.deepEqual(
      body.instances.map((i) => [i.id, i.revision, i.weight]),
      [
        ['claims-api-1', 1, 90],
        ['claims-api-r2-1', 2, 10],
      ],
    );
  });
});
