/**
 * The runtime's own port: `GET /` (the services and their health as a page), `GET /status` (the
 * platform as `docker compose ps` shows it, in JSON) and
 * `GET /v1/services/<name>/instances?healthy=true` (the registry API discovery clients read, the
 * local analogue of Cloud Map's DiscoverInstances).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from './registry.ts';
import { renderStatusPage } from './status-page.ts';
import type { PlatformStatus } from './status-table.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

export function createAdminServer(registry: Registry, status: () => PlatformStatus): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin');
    if (req.method !== 'GET') {
      json(res, 405, { error: { code: 'ADMIN_ERR_METHOD', message: 'Only GET is supported' } });
      return;
    }
    if (url.pathname === '/status') {
      json(res, 200, status());
      return;
    }
    if (url.pathname === '/') {
      const page = renderStatusPage(status());
      res
        .writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(page),
          'cache-control': 'no-store',
        })
        .end(page);
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
