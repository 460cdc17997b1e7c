/**
 * The operations console on the admin port. The admin server calls
 *
 *     if (serveConsole(req, res, url, deps)) return;
 *
 * first in its request handler; `serveConsole` returns true when the request is the console's (it
 * then answers it, asynchronously) and false otherwise. It answers:
 *
 * - `GET /`                                the console: map, instances, releases, gateways, traces (`?service=&status=&minMs=`)
 * - `GET /console/trace/{traceId}`          one trace as a waterfall, with its log lines
 * - `GET /console/logs/{id}`                an instance's (store's, stand-in's) last log lines
 * - `GET /console/fragment/{panel}`         the panels the page's script polls (HTML)
 * - `GET /console/console.css|console.js`   the page's assets (`cache-control: no-cache`)
 * - `GET /api/console/logs/{id}?lines=200`  -> `{ lines: string[] }` from `<logDir>/<id>.log`
 * - `GET /api/console/gateways`             -> GatewayStats
 *
 * The trace store's own endpoints (`/api/console/map`, `/api/console/traces`, `/api/traces/...`)
 * are not answered here: the console reads the same data in-process through `deps.traces`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Platform } from '@dwp/platform';
import type { PlatformStatus } from '../status-table.ts';
import type { TraceQuery, TraceSource } from './console-data.ts';
import {
  renderConsolePage,
  renderLogLines,
  renderLogPage,
  renderNotFound,
  renderPanelError,
  type ConsolePanels,
} from './console-page.ts';
import { renderGatewayPanel } from './gateway-panel.ts';
import { gatewayStats, type GatewayStats } from './gateway-stats.ts';
import { markup, type SafeHtml } from './markup.ts';
import { logIdsOf, renderInstancePanel } from './instance-panel.ts';
import { renderReleasePanel } from './release-panel.ts';
import { lineCount, logFileOf, readLastLines, UnknownLogError } from './log-file-tail.ts';
import { renderEdgeTable, renderMapSvg } from './map-svg.ts';
import { mapView } from './service-map.ts';
import { assetFor } from './static-assets.ts';
import { topologyOf, type Topology } from './topology.ts';
import { renderTraceTable, traceQueryOf } from './trace-list.ts';
import { renderTraceMissing, renderTracePage } from './trace-page.ts';

export interface ConsoleDeps {
  readonly platform: Platform;
  /** The platform as `/status` reports it. */
  readonly status: () => PlatformStatus;
  /** `<dataDir>/logs`, where each instance, store and stand-in writes `<id>.log`. */
  readonly logDir: string;
  readonly traces: TraceSource;
  /** @default asks the gateways' instances in `status()` (gatewayStats) */
  readonly gatewayStats?: () => Promise<GatewayStats>;
  /** The stand-in serving each upstream locally. @default `<upstream>-sandbox` */
  readonly upstreamStandIns?: ReadonlyMap<string, string>;
  /** The service map's window. @default DEFAULT_MAP_WINDOW_SECONDS */
  readonly mapWindowSeconds?: number;
}

/** @default a minute of spans on the map */
export const DEFAULT_MAP_WINDOW_SECONDS = 60;
const TRACE_ID = /^[0-9a-f]{1,32}$/i;
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      ...extra,
    })
    .end(body);
}

function sendHtml(res: ServerResponse, status: number, page: SafeHtml): void {
  send(res, status, 'text/html; charset=utf-8', page.html, {
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'cache-control': 'no-store' });
}

const jsonError = (res: ServerResponse, status: number, code: string, message: string) => {
  sendJson(res, status, { error: { code, message } });
};

/** Topologies by definition: the definition does not change while the runtime runs. */
const topologies = new WeakMap<Platform, Topology>();
function topologyFor(deps: ConsoleDeps): Topology {
  let t = topologies.get(deps.platform);
  if (!t) {
    t = topologyOf(deps.platform, deps.upstreamStandIns ? { upstreamStandIns: deps.upstreamStandIns } : {});
    topologies.set(deps.platform, t);
  }
  return t;
}

const redErrorRateOf = (p: Platform) => (p.observability.alarms.http5xxRateAbovePercent ?? 5) / 100;

/** Renders a panel; a failing source becomes a message in the panel, never a failed page. */
async function panel(what: string, render: () => Promise<SafeHtml>): Promise<SafeHtml> {
  try {
    return await render();
  } catch (err) {
    return renderPanelError(what, err);
  }
}

const panels = {
  map: (deps: ConsoleDeps) =>
    panel('the service map', async () => {
      const window = deps.mapWindowSeconds ?? DEFAULT_MAP_WINDOW_SECONDS;
      const view = mapView(topologyFor(deps), await deps.traces.map(window), deps.status(), {
        redErrorRate: redErrorRateOf(deps.platform),
      });
      return markup`${renderMapSvg(view)} ${renderEdgeTable(view)}`;
    }),
  instances: (deps: ConsoleDeps) => panel('the instances', async () => renderInstancePanel(deps.status())),
  releases: (deps: ConsoleDeps) => panel('the releases', async () => renderReleasePanel(deps.status())),
  gateways: (deps: ConsoleDeps) => panel('the gateways', async () => renderGatewayPanel(await statsOf(deps))),
  traces: (deps: ConsoleDeps, q: TraceQuery) =>
    panel('the recent traces', async () => renderTraceTable(await deps.traces.summaries(q), q)),
};

const statsOf = (deps: ConsoleDeps) => deps.gatewayStats?.() ?? gatewayStats(deps.platform, deps.status());

/** Services a trace may be filtered by: the definition's processes, as spans name them. */
function serviceNames(deps: ConsoleDeps): string[] {
  return topologyFor(deps).nodes.flatMap((n) =>
    n.health.kind === 'service' || n.kind === 'entry'
      ? [n.id]
      : n.kind === 'upstream' && n.health.kind === 'stand-in'
        ? [n.health.name]
        : [],
  );
}

async function answer(res: ServerResponse, url: URL, deps: ConsoleDeps): Promise<void> {
  const path = url.pathname;
  const platform = deps.platform.name;
  if (path === '/') {
    const query = traceQueryOf(url.searchParams);
    const [map, instances, releases, gateways, traces] = await Promise.all([
      panels.map(deps),
      panels.instances(deps),
      panels.releases(deps),
      panels.gateways(deps),
      panels.traces(deps, query),
    ]);
    const all: ConsolePanels = { map, instances, releases, gateways, traces };
    sendHtml(
      res,
      200,
      renderConsolePage({
        status: deps.status(),
        panels: all,
        query,
        services: serviceNames(deps),
        windowSeconds: deps.mapWindowSeconds ?? DEFAULT_MAP_WINDOW_SECONDS,
        redErrorRate: redErrorRateOf(deps.platform),
        now: new Date(),
      }),
    );
    return;
  }
  const asset = assetFor(path);
  if (asset) {
    send(res, 200, asset.type, await asset.body(), { 'cache-control': 'no-cache' });
    return;
  }
  const fragment = /^\/console\/fragment\/([a-z]+)$/.exec(path)?.[1];
  if (fragment === 'map' || fragment === 'instances' || fragment === 'releases' || fragment === 'gateways') {
    sendHtml(res, 200, await panels[fragment](deps));
    return;
  }
  if (fragment === 'traces') {
    sendHtml(res, 200, await panels.traces(deps, traceQueryOf(url.searchParams)));
    return;
  }
  const logs = /^\/(api\/console|console\/fragment|console)\/logs\/([^/]+)$/.exec(path);
  if (logs) {
    const kind = logs[1]!;
    const id = decodeURIComponent(logs[2]!);
    const count = lineCount(url.searchParams.get('lines'));
    let lines: string[];
    try {
      lines = await readLastLines(logFileOf(deps.logDir, id, logIdsOf(deps.status())), count);
    } catch (err) {
      if (!(err instanceof UnknownLogError)) throw err;
      if (kind === 'api/console') jsonError(res, 404, err.code, err.message);
      else sendHtml(res, 404, renderNotFound(platform, err.message));
      return;
    }
    if (kind === 'api/console') sendJson(res, 200, { id, lines });
    else if (kind === 'console/fragment') sendHtml(res, 200, renderLogLines(id, lines));
    else sendHtml(res, 200, renderLogPage(platform, id, lines, count));
    return;
  }
  if (path === '/api/console/gateways') {
    sendJson(res, 200, await statsOf(deps));
    return;
  }
  const trace = /^\/console\/trace\/([^/]+)$/.exec(path);
  if (trace) {
    const id = decodeURIComponent(trace[1]!);
    const found = TRACE_ID.test(id) ? await deps.traces.trace(id) : undefined;
    if (!found) {
      sendHtml(res, 404, renderTraceMissing(platform, id));
      return;
    }
    sendHtml(res, 200, renderTracePage(platform, found, await deps.traces.logsForTrace(id)));
    return;
  }
  sendHtml(res, 404, renderNotFound(platform, `The console has no page ${path}.`));
}

/** Whether a path is the console's (so the admin server leaves it alone). */
export function isConsolePath(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname.startsWith('/console/') ||
    pathname.startsWith('/api/console/logs/') ||
    pathname === '/api/console/gateways'
  );
}

/** Answers the request when it is the console's and returns true; returns false otherwise. */
export function serveConsole(req: IncomingMessage, res: ServerResponse, url: URL, deps: ConsoleDeps): boolean {
  if (!isConsolePath(url.pathname)) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    jsonError(res, 405, 'CONSOLE_ERR_METHOD', 'The console only answers GET');
    return true;
  }
  answer(res, url, deps).catch((err: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A path like /console/logs/%E0 cannot be decoded: the caller's mistake, not ours.
    if (err instanceof URIError) {
      jsonError(res, 400, 'CONSOLE_ERR_BAD_PATH', 'The path is not valid percent-encoding');
      return;
    }
    jsonError(res, 503, 'CONSOLE_ERR_UNAVAILABLE', err instanceof Error ? err.message : 'The console could not answer');
  });
  return true;
}
