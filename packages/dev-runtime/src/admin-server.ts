/**
 * The runtime's own port: `GET /` (the operations console, given its deps), `GET /status` (the
 * platform as `docker compose ps` shows it, in JSON) and
 * `GET /v1/services/<name>/instances?healthy=true` (the instances taking traffic: the healthy ones,
 * or every unhealthy one when none is healthy; the registry API discovery clients read, the
 * local analogue of Cloud Map's DiscoverInstances, with each instance's revision and its weight:
 * the percent of the service's traffic it gets). Given a trace store, it also receives OTLP spans
 * (`POST /v1/traces`) and serves the Jaeger query API and the console's trace routes
 * (see traces/trace-api.ts). Given a release controller, it runs release rehearsals:
 * `POST /v1/releases` `{service, strategy?, env?, minuteMs?, healthTimeoutMs?}` -> 202 `{id, ...}`,
 * `GET /v1/releases` -> `{releases: [...]}` and `GET /v1/releases/<id>` -> the release and its steps.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from './registry.ts';
import { ReleaseInProgressError, UnknownProcessError, type ReleaseController } from './release/release-controller.ts';
import { releaseRequestSchema } from './release/release-request.ts';
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
  /** Release rehearsals (`/v1/releases`); without it those routes answer 404. */
  readonly releases?: Pick<ReleaseController, 'start' | 'get' | 'list'>;
}

/** A release request is a few variables, not a document. */
const MAX_RELEASE_BODY_BYTES = 64 * 1024;

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

type BodyRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

async function readJson(req: IncomingMessage): Promise<BodyRead> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RELEASE_BODY_BYTES)
      return {
        ok: false,
        status: 413,
        code: 'ADMIN_ERR_BODY_TOO_LARGE',
        message: `Send at most ${MAX_RELEASE_BODY_BYTES} bytes`,
      };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, code: 'ADMIN_ERR_INVALID_JSON', message: 'The body is not valid JSON' };
  }
}

async function startRelease(
  req: IncomingMessage,
  res: ServerResponse,
  releases: NonNullable<AdminServerOptions['releases']>,
): Promise<void> {
  // A release starts processes with the variables it names, so only a deliberate client may ask:
  // a web page can POST text/plain cross-origin without a preflight, but not JSON.
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    json(res, 415, { error: { code: 'ADMIN_ERR_CONTENT_TYPE', message: 'Send the release as application/json' } });
    return;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) {
    json(res, 403, { error: { code: 'ADMIN_ERR_ORIGIN', message: `Releases are not started from ${origin}` } });
    return;
  }
  const body = await readJson(req);
  if (!body.ok) {
    json(res, body.status, { error: { code: body.code, message: body.message } });
    return;
  }
  const parsed = releaseRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    json(res, 400, {
      error: {
        code: 'ADMIN_ERR_BAD_RELEASE',
        message: 'The release request is not valid',
        details: parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
      },
    });
    return;
  }
  try {
    const release = releases.start(parsed.data);
    res.setHeader('location', `/v1/releases/${release.id}`);
    json(res, 202, release);
  } catch (err) {
    if (err instanceof UnknownProcessError) json(res, 404, { error: { code: err.code, message: err.message } });
    else if (err instanceof ReleaseInProgressError)
      json(res, 409, { error: { code: err.code, message: err.message, details: { releaseId: err.releaseId } } });
    else throw err;
  }
}

/** Answers `/v1/releases` and `/v1/releases/<id>`; false for any other path. */
function serveReleases(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  releases: NonNullable<AdminServerOptions['releases']>,
): boolean {
  if (url.pathname === '/v1/releases') {
    if (req.method === 'POST') {
      startRelease(req, res, releases).catch((err: unknown) => {
        json(res, 500, {
          error: { code: 'ADMIN_ERR_RELEASE_FAILED', message: err instanceof Error ? err.message : 'release failed' },
        });
      });
    } else if (req.method === 'GET') json(res, 200, { releases: releases.list() });
    else json(res, 405, { error: { code: 'ADMIN_ERR_METHOD', message: 'Use GET or POST' } });
    return true;
  }
  const one = /^\/v1\/releases\/([^/]+)$/.exec(url.pathname);
  if (!one) return false;
  if (req.method !== 'GET') {
    json(res, 405, { error: { code: 'ADMIN_ERR_METHOD', message: 'Only GET is supported' } });
    return true;
  }
  const release = releases.get(decodeURIComponent(one[1]!));
  if (release) json(res, 200, release);
  else json(res, 404, { error: { code: 'ADMIN_ERR_UNKNOWN_RELEASE', message: `No release ${one[1]!}` } });
  return true;
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
    if (options.releases && serveReleases(req, res, url, options.releases)) return;
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
      const list = onlyHealthy ? registry.servingOf(service) : registry.instancesOf(service);
      const weights = new Map(registry.weightedOf(service).map((w) => [w.instance.id, w.weight]));
      json(res, 200, {
        service,
        instances: list.map((i) => ({
          id: i.id,
          host: i.host,
          port: i.port,
          state: i.state.kind,
          revision: i.revision,
          weight: weights.get(i.id) ?? 0,
        })),
      });
      return;
    }
    json(res, 404, { error: { code: 'ADMIN_ERR_NOT_FOUND', message: `No route ${url.pathname}` } });
  });
}
