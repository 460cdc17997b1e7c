/**
 * Fixture data for the console's tests: a status with one stopped instance, a service map with a
 * failing edge and an edge the definition does not draw, and one trace with its log lines. Names
 * are the DWP definition's.
 */
import type { PlatformStatus } from '../status-table.ts';
import type { JaegerSpan, JaegerTrace, LiveMap, TraceLogLine, TraceSource, TraceSummary } from './console-data.ts';

export const FIXTURE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.parse('2026-12-01T17:00:00.000Z') * 1000; // µs

const instance = (
  id: string,
  state: PlatformStatus['services'][number]['instances'][number]['state'],
  restarts = 0,
) => ({
  id,
  pid: state === 'stopped' ? null : 4000 + id.length,
  url: `http://127.0.0.1:${40000 + id.length}`,
  state,
  since: '2026-12-01T16:59:00.000Z',
  restarts,
  lastCheck:
    state === 'stopped'
      ? { at: Date.parse('2026-12-01T16:59:58.000Z'), ok: false, detail: 'connect ECONNREFUSED' }
      : { at: Date.parse('2026-12-01T16:59:59.000Z'), ok: true },
});

const service = (name: string, instances: ReturnType<typeof instance>[]) => ({
  name,
  dnsName: `${name}.dwp.local`,
  desired: instances.length,
  healthy: instances.filter((i) => i.state === 'healthy').length,
  instances,
});

export function fixtureStatus(): PlatformStatus {
  return {
    platform: 'dwp',
    entry: 'http://localhost:8080',
    admin: 'http://127.0.0.1:8090',
    stores: [
      {
        name: 'postgres',
        kind: 'postgres',
        endpoint: 'postgres://127.0.0.1:5432',
        embedded: true,
        state: 'running',
        restarts: 0,
        pid: 3001,
      },
      {
        name: 'dynamodb',
        kind: 'dynamodb',
        endpoint: 'http://127.0.0.1:4567',
        embedded: true,
        state: 'running',
        restarts: 0,
        pid: 3002,
      },
    ],
    standIns: [
      { name: 'user-pool', endpoint: 'http://127.0.0.1:9229', state: 'running', restarts: 0, pid: 3003 },
      { name: 's3', endpoint: 'http://127.0.0.1:4569', state: 'running', restarts: 0, pid: 3004 },
      { name: 'sqs', endpoint: 'http://127.0.0.1:9324', state: 'running', restarts: 0, pid: 3005 },
      { name: 'royal-mail-sandbox', endpoint: 'http://127.0.0.1:7001', state: 'running', restarts: 0, pid: 3006 },
      { name: 'hmrc-sandbox', endpoint: 'http://127.0.0.1:7002', state: 'running', restarts: 1, pid: 3007 },
    ],
    services: [
      service('frontend-service', [instance('frontend-service-1', 'healthy')]),
      service('citizen-api', [instance('citizen-api-1', 'healthy')]),
      service('benefits-api', [instance('benefits-api-1', 'healthy')]),
      {
        ...service('claims-api', [instance('claims-api-1', 'healthy'), instance('claims-api-2', 'stopped', 3)]),
        release: {
          id: '0193a1b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b',
          strategy: 'canary',
          state: 'rolled-back',
          percent: 0,
          fromRevision: 1,
          toRevision: 2,
          startedAt: '2026-12-01T16:58:00.000Z',
          endedAt: '2026-12-01T16:58:09.000Z',
          reason: 'rollback alarm fired after 2 breaching periods in a row: 5xx rate 50 % above 1 %',
          step: 'roll-back: passed',
        },
      },
      service('address-api', [instance('address-api-1', 'healthy')]),
      service('identity-api', [instance('identity-api-1', 'healthy')]),
      service('external-gateway', [instance('external-gateway-1', 'healthy')]),
      service('notifier', [instance('notifier-1', 'healthy')]),
      service('dwp-internal-api', [instance('dwp-internal-api-1', 'healthy')]),
    ],
  };
}

const figures = (requests: number, errors: number, p95Ms: number, windowSeconds = 60) => ({
  requests,
  errors,
  rps: requests / windowSeconds,
  errorRate: requests ? errors / requests : 0,
  p95Ms,
});

/** `scale` multiplies every request count, so a test can see the map change. */
export function fixtureMap(scale = 1): LiveMap {
  return {
    windowSeconds: 60,
    generatedAt: '2026-12-01T17:00:01.000Z',
    nodes: [
      { service: 'edge', ...figures(300 * scale, 0, 80) },
      { service: 'claims-api', ...figures(60 * scale, 6 * scale, 120) },
    ],
    edges: [
      { from: 'edge', to: 'frontend-service', ...figures(180 * scale, 0, 60) },
      { from: 'edge', to: 'dwp-internal-api', ...figures(120 * scale, 0, 70) },
      { from: 'frontend-service', to: 'dwp-internal-api', ...figures(150 * scale, 0, 45) },
      { from: 'dwp-internal-api', to: 'citizen-api', ...figures(120 * scale, 0, 35) },
      { from: 'dwp-internal-api', to: 'claims-api', ...figures(60 * scale, 6 * scale, 120) },
      { from: 'claims-api', to: 'external-gateway', ...figures(30 * scale, 3 * scale, 300) },
      { from: 'external-gateway', to: 'hmrc-sandbox', ...figures(30 * scale, 3 * scale, 250) },
      // Not in the definition: citizen-api declares no call to benefits-api.
      { from: 'citizen-api', to: 'benefits-api', ...figures(12 * scale, 0, 20) },
    ],
  };
}

const tag = (key: string, value: string | number | boolean) => ({
  key,
  type: typeof value === 'string' ? 'string' : typeof value === 'number' ? 'int64' : 'bool',
  value,
});

function span(
  id: string,
  parent: string | undefined,
  name: string,
  process: string,
  startMs: number,
  durMs: number,
  tags: JaegerSpan['tags'] = [],
): JaegerSpan {
  return {
    traceID: FIXTURE_TRACE_ID,
    spanID: id,
    operationName: name,
    references: parent ? [{ refType: 'CHILD_OF', traceID: FIXTURE_TRACE_ID, spanID: parent }] : [],
    startTime: T0 + startMs * 1000,
    duration: durMs * 1000,
    tags,
    logs: [],
    processID: process,
    warnings: null,
  };
}

export function fixtureTrace(): JaegerTrace {
  return {
    traceID: FIXTURE_TRACE_ID,
    spans: [
      span('00f067aa0ba902b7', undefined, 'GET /api/claims/claims/{claimId}', 'p1', 0, 180, [
        tag('http.request.method', 'GET'),
        tag('http.response.status_code', 502),
      ]),
      span('1111111111111111', '00f067aa0ba902b7', 'GET /claims/claims/{claimId}', 'p2', 4, 170),
      span('2222222222222222', '1111111111111111', 'GET /claims/{claimId}', 'p3', 10, 160),
      span('3333333333333333', '2222222222222222', 'SELECT claims', 'p3', 14, 6, [
        tag('db.system.name', 'postgresql'),
        tag('db.query.text', 'SELECT * FROM claims WHERE id = $1 <script>'),
      ]),
      span('4444444444444444', '2222222222222222', 'GET /external/hmrc/{proxy+}', 'p4', 30, 130, [
        tag('error', true),
        tag('otel.status_code', 'ERROR'),
        tag('http.response.status_code', 503),
      ]),
    ],
    processes: {
      p1: { serviceName: 'edge', tags: [] },
      p2: { serviceName: 'dwp-internal-api', tags: [] },
      p3: { serviceName: 'claims-api', tags: [tag('service.instance.id', 'claims-api-1')] },
      p4: { serviceName: 'external-gateway', tags: [] },
    },
    warnings: null,
  };
}

export function fixtureTraceLogs(): TraceLogLine[] {
  return [
    {
      instance: 'claims-api-1',
      time: Date.parse('2026-12-01T17:00:00.012Z'),
      level: 30,
      msg: 'reading claim',
      spanId: '2222222222222222',
      line: '{"level":30,"msg":"reading claim"}',
    },
    {
      instance: 'external-gateway-1',
      time: '2026-12-01T17:00:00.160Z',
      level: 'error',
      msg: 'hmrc answered 503 <b>',
      spanId: '4444444444444444',
    },
  ];
}

export function fixtureSummaries(): TraceSummary[] {
  return [
    {
      traceId: FIXTURE_TRACE_ID,
      rootService: 'edge',
      rootName: 'GET /api/claims/claims/{claimId}',
      startTime: T0,
      durationMs: 180,
      spanCount: 5,
      errorCount: 1,
      services: ['edge', 'dwp-internal-api', 'claims-api', 'external-gateway'],
    },
    {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      rootService: 'edge',
      rootName: 'GET /',
      startTime: T0 - 5_000_000,
      durationMs: 12,
      spanCount: 2,
      errorCount: 0,
      services: ['edge', 'frontend-service'],
    },
  ];
}

/** A trace source over the fixtures whose map a test can change. */
export class FixtureTraces implements TraceSource {
  scale = 1;
  readonly queries: Array<Parameters<TraceSource['summaries']>[0]> = [];
  map(): LiveMap {
    return fixtureMap(this.scale);
  }
  summaries(query: Parameters<TraceSource['summaries']>[0]): TraceSummary[] {
    this.queries.push(query);
    return fixtureSummaries().filter(
      (t) =>
        (!query.service || t.services.includes(query.service)) &&
        (!query.status || (query.status === 'error') === t.errorCount > 0) &&
        (query.minMs === undefined || t.durationMs >= query.minMs),
    );
  }
  trace(id: string): JaegerTrace | undefined {
    return id === FIXTURE_TRACE_ID ? fixtureTrace() : undefined;
  }
  logsForTrace(id: string): TraceLogLine[] {
    return id === FIXTURE_TRACE_ID ? fixtureTraceLogs() : [];
  }
}
