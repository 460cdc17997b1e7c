/**
 * The public entry (the local stand-in for CloudFront + WAF + the public ALB): every request is
 * screened by the web ACL the definition's `edge.waf` describes (body size 413, rate per IP, geo,
 * SQL injection, XSS; a block is 403, counted and logged with the rule that fired); then `/api/*`
 * goes to the primary API gateway and everything else to the web tier. Targets are the registry's
 * healthy instances, round-robin. WAF counters are at `GET /_edge/metrics`, from this host only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { API_GATEWAY_MAX_PAYLOAD_BYTES } from '@dwp/platform';
import { WebAcl, endToEnd, type Forwarder, type Upstream, type WafConfig, type WafVerdict } from '@dwp/gateway-core';
import { continueTrace, traceparentOf, type Endpoint } from '@dwp/service-kit';
import { Counter, Registry as MetricsRegistry } from 'prom-client';

/**
 * Where the edge finds a healthy instance of a service, round-robin: the local runtime's registry
 * (a structural type, so the edge does not depend on the runtime that starts it).
 */
export interface InstancePicker {
  next(
    service: string,
    exclude?: ReadonlySet<string>,
  ): { readonly id: string; readonly host: string; readonly port: number } | undefined;
}

export interface EdgeOptions {
  readonly registry: InstancePicker;
  readonly forwarder: Forwarder;
  /** `/api` */
  readonly apiBasePath: string;
  readonly apiService: string;
  readonly webService: string;
  /** @default API Gateway's 10 MB payload limit (or the WAF's maxBodyBytes when `waf` is given) */
  readonly maxBodyBytes?: number;
  /** The definition's `edge.waf`. @default no screening beyond the body size */
  readonly waf?: WafConfig;
  /** Where blocked requests are reported. @default one JSON line on stderr */
  readonly onBlock?: (event: WafBlockEvent) => void;
}

export interface WafBlockEvent {
  readonly rule: string;
  readonly status: number;
  readonly location?: string;
  readonly detail?: string;
  readonly ip: string;
  readonly method: string;
  readonly path: string;
}

export const EDGE_METRICS_PATH = '/_edge/metrics';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const DROP = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'traceparent']);

function registryUpstream(registry: InstancePicker, service: string): Upstream {
  return {
    async pick(exclude) {
      const i = registry.next(service, exclude);
      if (!i) throw new Error(`no healthy instance of ${service}`);
      return { id: i.id, host: i.host, port: i.port, origin: `http://${i.host}:${i.port}` } satisfies Endpoint;
    },
    reportFailure: () => undefined,
  };
}

/** What a person reads when the edge itself refuses a page (CloudFront's custom error pages on AWS). */
const PAGE_TITLES: Readonly<Record<number, string>> = {
  403: 'Sorry, you cannot do that',
  413: 'The file or form was too big',
  502: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
  504: 'Sorry, the service is unavailable',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page for a browser: self-contained (the web tier that serves the styles may be the part that failed). */
export function edgeErrorPage(status: number, message: string): string {
  const title = PAGE_TITLES[status] ?? 'Sorry, there is a problem with the service';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – GOV.UK</title>
<style>body{font-family:arial,sans-serif;margin:0;color:#0b0c0c}header{background:#1d70b8;color:#fff;padding:10px 15px;font-weight:700;font-size:1.5rem}main{max-width:960px;margin:0 auto;padding:30px 15px}h1{font-size:2rem}p{font-size:1.2rem;line-height:1.3}a{color:#1d70b8}</style></head>
<body><header>GOV.UK</header><main id="main-content"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}.</p><p>Go back and try again, or <a href="/">go to the start page</a>.</p></main></body></html>`;
}

/** The API answers in the platform's JSON error shape; a page in HTML. */
function sendError(res: ServerResponse, status: number, code: string, message: string, asPage = false): void {
  const body = asPage ? edgeErrorPage(status, message) : JSON.stringify({ error: { code, message } });
  const type = asPage ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
  res
    .writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
    .end(body);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function createEdge(opts: EdgeOptions): Server {
  const api = registryUpstream(opts.registry, opts.apiService);
  const web = registryUpstream(opts.registry, opts.webService);
  const acl = opts.waf ? new WebAcl({ config: opts.waf }) : undefined;
  const limit = opts.maxBodyBytes ?? acl?.maxBodyBytes ?? API_GATEWAY_MAX_PAYLOAD_BYTES;
  const isApi = (url: string) =>
    url === opts.apiBasePath || url.startsWith(`${opts.apiBasePath}/`) || url.startsWith(`${opts.apiBasePath}?`);
  const metrics = new MetricsRegistry();
  const inspected = new Counter({
    name: 'waf_requests_total',
    help: 'Requests the edge screened',
    registers: [metrics],
  });
  const blocked = new Counter({
    name: 'waf_blocked_requests_total',
    help: 'Requests the edge blocked, by the rule that fired and where it matched',
    labelNames: ['rule', 'location'] as const,
    registers: [metrics],
  });
  const onBlock =
    opts.onBlock ??
    ((e: WafBlockEvent) =>
      process.stderr.write(
        `${JSON.stringify({ level: 40, time: Date.now(), service: 'edge', msg: 'waf blocked a request', waf: e })}\n`,
      ));
  const block = (
    req: IncomingMessage,
    res: ServerResponse,
    v: Extract<WafVerdict, { action: 'block' }>,
    url: string,
  ): void => {
    blocked.inc({ rule: v.rule, location: v.location ?? 'request' });
    onBlock({
      rule: v.rule,
      status: v.status,
      ...(v.location ? { location: v.location } : {}),
      ...(v.detail ? { detail: v.detail } : {}),
      ip: req.socket.remoteAddress ?? '',
      method: req.method ?? '',
      path: url.split('?')[0]!,
    });
    if (v.status === 413) {
      sendError(res, 413, 'EDGE_ERR_BODY_TOO_LARGE', `Request body is larger than ${limit} bytes`, !isApi(url));
      return;
    }
    sendError(res, 403, 'EDGE_ERR_WAF_BLOCKED', 'The request was blocked by the web application firewall', !isApi(url));
  };

  const answer = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = req.url ?? '/';
      const ip = req.socket.remoteAddress ?? '';
      if (url === EDGE_METRICS_PATH && LOOPBACK.has(ip)) {
        res.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.metrics());
        return;
      }
      if (acl) {
        inspected.inc();
        const head = acl.screenHead({ ip, url, headers: req.headers });
        if (head.action === 'block') {
          block(req, res, head, url);
          return;
        }
      }
      const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
      const body = hasBody ? await readBody(req, limit) : undefined;
      if (body === 'too-large') {
        blocked.inc({ rule: 'size.body', location: 'body' });
        sendError(
          res,
          413,
          'EDGE_ERR_BODY_TOO_LARGE',
          `What you sent is larger than ${Math.floor(limit / 1_048_576)} MB`,
          !isApi(url),
        );
        return;
      }
      if (acl && body) {
        const verdict = acl.screenBody(req.headers['content-type'], body);
        if (verdict.action === 'block') {
          block(req, res, verdict, url);
          return;
        }
      }
      const headers = endToEnd(req.headers, DROP);
      headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
      headers['x-forwarded-proto'] = 'http';
      if (req.headers.host) {
        headers['x-forwarded-host'] = req.headers.host;
        // An ALB keeps the client's Host header, so the web tier sees the site's own name.
        headers.host = req.headers.host;
      }
      headers.traceparent = traceparentOf(continueTrace(req.headers.traceparent));
      const result = await opts.forwarder.forward(isApi(url) ? api : web, {
        method: req.method ?? 'GET',
        path: url,
        headers,
        ...(body ? { body } : {}),
      });
      switch (result.kind) {
        case 'response': {
          const { statusCode, headers: h, body: stream } = result.response;
          res.writeHead(statusCode, endToEnd(h));
          await pipeline(stream, res);
          return;
        }
        case 'unavailable': {
          sendError(
            res,
            503,
            'EDGE_ERR_NO_HEALTHY_TARGET',
            'No healthy target is available; try again shortly',
            !isApi(url),
          );
          return;
        }
        case 'timeout': {
          sendError(res, 504, 'EDGE_ERR_TARGET_TIMEOUT', 'The target did not answer in time', !isApi(url));
          return;
        }
        case 'failed': {
          sendError(res, 502, 'EDGE_ERR_BAD_GATEWAY', 'The target failed to answer', !isApi(url));
          return;
        }
        default: {
          const never: never = result;
          throw new Error(`Unexpected forward result ${JSON.stringify(never)}`);
        }
      }
    } catch {
      if (!res.headersSent)
        sendError(res, 502, 'EDGE_ERR_BAD_GATEWAY', 'The target failed to answer', !isApi(req.url ?? '/'));
      else res.destroy();
    }
  };
  // Every failure is answered inside `answer`: nothing is left for the server to catch.
  return createServer((req, res) => {
    void answer(req, res);
  });
}
