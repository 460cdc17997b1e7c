/**
 * The runtime's own port: `GET /` (the operations console, given its deps), `GET /status` (the
 * platform as `docker compose ps` shows it, in JSON) and
 * `GET /v1/services/<name>/instances?healthy=true` (the registry API discovery clients read, the
 * local analogue of Cloud Map's DiscoverInstances). Given a trace store, it also receives OTLP spans
 * (`POST /v1/traces`) and serves the Jaeger query API and the console's trace routes
 * (see traces/trace-api.ts).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from './registry.ts';
import { serveConsole, type ConsoleDeps } from './console/index.ts';
import type { PlatformStatus } from './status-table.ts';
import type { LogIndex } from './traces/log-index.ts';
import { TraceApi } from './traces/trace-api.ts';
import type { TraceStore } from './traces/trace-store.ts';

export interface AdminServerOptions {
  /** Where OTLP spans are kept; without it the trace routes answer 404. */
  readonly traces?: TraceStore;
  /** The services' log lines that carry a trace ID, for `/api/traces/{id}/logs`. */
  readonly logs?: LogIndex;
  /** @default Date.now */
  readonly now?: () => number;
  /** The operations console (`/`, `/console/*`); without it `/` answers 404. */
  readonly console?: ConsoleDeps;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

export function createAdminServer(
  registry: Registry,
  status: () => PlatformStatus,
  options: AdminServerOptions = {},
): Server {
  const traces = options.traces
    ? new TraceApi({
        traces: options.traces,
        ...(options.logs ? { logs: options.logs } : {}),
        ...(options.now ? { now: options.now } : {}),
      })
    : undefined;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    if (traces?.handle(req, res, url)) return;
    if (options.console && serveConsole(req, res, url, options.console)) return;
    if (req.method !== 'GET') {
      json(res, 405, { error: { code: 'ADMIN_ERR_METHOD', message: 'Only GET is supported' } });
      return;
    }
    if (url.pathname === '/status') {
      json(res, 200, status());
      return;
    }
    const m = /^\/v1\/services\/([^/]+)\/instances$/.exec(url.pathname);
    if (m) {
      const service = decodeURIComponent(m[1]!);
      if (!registry.services().includes(service)) {
        json(res, 404, { error: { code: 'ADMIN_ERR_UNKNOWN_SERVICE', message: `No service ${service}` } });
        return;
      }
      const onlyHealthy = url.searchParams.get('healthy') === 'true';
      const list = onlyHealthy ? registry.healthyOf(service) : registry.instancesOf(service);
      json(res, 200, {
        service,
        instances: list.map((i) => ({ id: i.id, host: i.host, port: i.port, state: i.state.kind })),
      });
      return;
    }
    json(res, 404, { error: { code: 'ADMIN_ERR_NOT_FOUND', message: `No route ${url.pathname}` } });
  });
}
