/**
 * The public entry (the local stand-in for CloudFront + WAF + the public ALB). What a client sends
 * is refused here, with the 4xx those services document and the platform's JSON error (a page for
 * a browser), before anything is forwarded:
 * - what Node's strict parser cannot read (client-error.ts): a head over CloudFront's 20 KB (431),
 *   headers or body arriving too slowly (408), Content-Length and Transfer-Encoding ambiguity (400:
 *   no request smuggling), malformed methods and header names (400);
 * - what it can, but the edge will not forward (request-head.ts): more headers than AWS WAF can
 *   inspect (431), a target over CloudFront's 8 KB (414), a missing, repeated or malformed Host
 *   (400), a path that would mean something else once decoded (400, request-target.ts), TRACE and
 *   CONNECT (405), a transfer coding other than chunked (400), a body over the limit (413, before
 *   reading it when Content-Length says so);
 * then every request is screened by the web ACL the definition's `edge.waf` describes (403, counted
 * and logged with the rule that fired), and `/api/*` goes to the primary API gateway and everything
 * else to the web tier, on the normalised path. Targets are the registry's healthy instances,
 * round-robin. Counters are at `GET /_edge/metrics`, from this host only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { API_GATEWAY_MAX_PAYLOAD_BYTES } from '@dwp/platform';
import { WebAcl, endToEnd, type Forwarder, type Upstream, type WafConfig, type WafVerdict } from '@dwp/gateway-core';
import type { RequestTracer } from '@dwp/telemetry';
import { continueTrace, traceparentOf, type Endpoint } from '@dwp/service-kit';
import { Counter, Registry as MetricsRegistry } from 'prom-client';
import { clientErrorListener, endAndLinger } from './client-error.ts';
import { refusal, type EdgeErrorCode, type RefusalContext } from './edge-errors.ts';
import { resolveLimits, timeoutCheckIntervalMs, type EdgeLimits } from './edge-limits.ts';
import { ALLOWED_METHODS, rawRefusal, sendRefusal } from './error-response.ts';
import { forwardedHeaders } from './forward-headers.ts';
import { OpenExchanges } from './open-exchanges.ts';
import { relay } from './relay.ts';
import { checkRequestHead } from './request-head.ts';
import { readRequestTarget } from './request-target.ts';

export { edgeErrorPage } from './error-response.ts';
export { DEFAULT_EDGE_LIMITS, type EdgeLimits } from './edge-limits.ts';
export type { EdgeErrorCode } from './edge-errors.ts';

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
  /** Header sizes and counts, URL length, timeouts. @default DEFAULT_EDGE_LIMITS (each documented there) */
  readonly limits?: Partial<EdgeLimits>;
  /** Opens a span per screened request, the root of the trace the services continue. @default no spans */
  readonly tracer?: RequestTracer;
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

type BodyRead = { readonly kind: 'body'; readonly body: Buffer } | { readonly kind: 'too-large' | 'aborted' };

/**
 * The whole body, or `too-large` as soon as it passes the limit (what follows is read and dropped,
 * so the refusal is not lost to a reset), or `aborted` when the client or the parser broke it off:
 * then the connection's error handler, not the request's, answers.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve({ kind: 'too-large' });
      } else chunks.push(chunk);
    });
    req.once('end', () => {
      resolve({ kind: 'body', body: Buffer.concat(chunks) });
    });
    req.once('error', () => {
      resolve({ kind: 'aborted' });
    });
    req.once('close', () => {
      resolve({ kind: 'aborted' });
    });
  });
}

export function createEdge(opts: EdgeOptions): Server {
  const limits = resolveLimits(opts.limits);
  const api = registryUpstream(opts.registry, opts.apiService);
  const web = registryUpstream(opts.registry, opts.webService);
  const acl = opts.waf ? new WebAcl({ config: opts.waf }) : undefined;
  const limit = opts.maxBodyBytes ?? acl?.maxBodyBytes ?? API_GATEWAY_MAX_PAYLOAD_BYTES;
  const context: RefusalContext = { ...limits, maxBodyBytes: limit };
  const isApi = (path: string) => path === opts.apiBasePath || path.startsWith(`${opts.apiBasePath}/`);
  /**
   * A refusal for an API target, or a target that is not a path at all, is the API's JSON; for any
   * other path it is a page. A path the edge refuses to normalise is judged as it came.
   */
  const asPage = (target: string | undefined) => {
    if (target === undefined) return false;
    const read = readRequestTarget('GET', target);
    if (read.ok) return read.form === 'origin' && !isApi(read.path);
    return target.startsWith('/') && !isApi(target.split('?')[0]!);
  };
  const exchanges = new OpenExchanges();
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
  const refused = new Counter({
    name: 'edge_refused_requests_total',
    help: 'Requests the edge refused before screening, as malformed, too large or too slow, by error code',
    labelNames: ['code'] as const,
    registers: [metrics],
  });
  const onRefused = (code: EdgeErrorCode) => {
    refused.inc({ code });
  };
  const onBlock =
    opts.onBlock ??
    ((e: WafBlockEvent) =>
      process.stderr.write(
        `${JSON.stringify({ level: 40, time: Date.now(), service: 'edge', msg: 'waf blocked a request', waf: e })}\n`,
      ));
  /** Answered before the body was read: close the connection rather than drain a body nobody will use. */
  const bodyUnread = (req: IncomingMessage) =>
    (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) && !req.complete;
  const block = (
    req: IncomingMessage,
    res: ServerResponse,
    v: Extract<WafVerdict, { action: 'block' }>,
    path: string,
  ): void => {
    blocked.inc({ rule: v.rule, location: v.location ?? 'request' });
    onBlock({
      rule: v.rule,
      status: v.status,
      ...(v.location ? { location: v.location } : {}),
      ...(v.detail ? { detail: v.detail } : {}),
      ip: req.socket.remoteAddress ?? '',
      method: req.method ?? '',
      path,
    });
    const code = v.status === 413 ? 'EDGE_ERR_BODY_TOO_LARGE' : 'EDGE_ERR_WAF_BLOCKED';
    sendRefusal(res, refusal(code, context), !isApi(path), bodyUnread(req));
  };
  const tooLarge = (res: ServerResponse, path: string): void => {
    blocked.inc({ rule: 'size.body', location: 'body' });
    sendRefusal(res, refusal('EDGE_ERR_BODY_TOO_LARGE', context), !isApi(path), true);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> => {
    exchanges.open(req, res);
    const head = checkRequestHead(
      {
        method: req.method ?? '',
        httpVersion: req.httpVersion,
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        headers: req.headers,
      },
      limits,
    );
    if (!head.ok) {
      onRefused(head.code);
      sendRefusal(res, refusal(head.code, context), asPage(req.url), true);
      return;
    }
    if (head.target.form === 'asterisk') {
      // `OPTIONS *` asks about the server itself (RFC 9110 section 9.3.7), so the edge answers it.
      res.writeHead(204, { allow: ALLOWED_METHODS }).end();
      return;
    }
    const { path, query, raw } = head.target;
    const url = query === undefined ? path : `${path}?${query}`;
    const toApi = isApi(path);
    // Low-cardinality, as OpenTelemetry's HTTP names are: the method and which target it went to.
    const span = opts.tracer?.start(`${req.method} ${toApi ? opts.apiBasePath : '/'}`, req.headers, {
      'http.request.method': req.method ?? '',
      'url.path': path,
      'client.address': req.socket.remoteAddress ?? '',
      'edge.target': toApi ? opts.apiService : opts.webService,
    });
    if (span) {
      res.once('close', () => {
        span.end(res.statusCode);
      });
    }
    try {
      const ip = req.socket.remoteAddress ?? '';
      if (url === EDGE_METRICS_PATH && LOOPBACK.has(ip)) {
        res.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.metrics());
        return;
      }
      if (acl) {
        inspected.inc();
        // The web ACL screens what the client sent; the target gets the normalised path.
        const verdict = acl.screenHead({ ip, url: raw, headers: req.headers });
        if (verdict.action === 'block') {
          span?.setAttributes({ 'waf.rule': verdict.rule, 'waf.action': 'block' });
          block(req, res, verdict, path);
          return;
        }
      }
      if (Number(req.headers['content-length'] ?? 0) > limit) {
        tooLarge(res, path);
        return;
      }
      const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
      // Only now, with the head accepted, is the client told to send its body.
      if (expectsContinue) res.writeContinue();
      const read = hasBody ? await readBody(req, limit) : undefined;
      if (read?.kind === 'aborted') return;
      if (read?.kind === 'too-large') {
        tooLarge(res, path);
        return;
      }
      const body = read?.kind === 'body' ? read.body : undefined;
      if (acl && body) {
        const verdict = acl.screenBody(req.headers['content-type'], body);
        if (verdict.action === 'block') {
          span?.setAttributes({ 'waf.rule': verdict.rule, 'waf.action': 'block' });
          block(req, res, verdict, path);
          return;
        }
      }
      const headers = forwardedHeaders(req.headers, {
        clientIp: ip,
        host: head.host,
        traceparent: span?.traceparent ?? traceparentOf(continueTrace(req.headers.traceparent)),
      });
      const result = await opts.forwarder.forward(isApi(path) ? api : web, {
        method: req.method ?? 'GET',
        path: url,
        headers,
        ...(body ? { body } : {}),
      });
      switch (result.kind) {
        case 'response': {
          const { statusCode, headers: h, body: stream } = result.response;
          res.writeHead(statusCode, endToEnd(h));
          await relay(stream, res);
          return;
        }
        case 'unavailable': {
          sendRefusal(res, refusal('EDGE_ERR_NO_HEALTHY_TARGET', context), !isApi(path), false);
          return;
        }
        case 'timeout': {
          sendRefusal(res, refusal('EDGE_ERR_TARGET_TIMEOUT', context), !isApi(path), false);
          return;
        }
        case 'failed': {
          sendRefusal(res, refusal('EDGE_ERR_BAD_GATEWAY', context), !isApi(path), false);
          return;
        }
        default: {
          const never: never = result;
          throw new Error(`Unexpected forward result ${JSON.stringify(never)}`);
        }
      }
    } catch {
      if (!res.headersSent) sendRefusal(res, refusal('EDGE_ERR_BAD_GATEWAY', context), !isApi(path), false);
      else if (!res.writableEnded) res.destroy();
    }
  };

  const server = createServer(
    {
      maxHeaderSize: limits.maxHeadBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: timeoutCheckIntervalMs(limits),
      // The edge answers a missing Host itself (request-head.ts), with a body saying so.
      requireHostHeader: false,
      // Never lenient, whatever --insecure-http-parser says: leniency is what request smuggling needs.
      insecureHTTPParser: false,
    },
    (req, res) => {
      void answer(req, res, false);
    },
  );
  // Node's parser would call too many headers an overflow, like too large ones; the edge counts
  // them itself to say which limit was passed. The head's byte limit still bounds the count.
  server.maxHeadersCount = 0;
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    void answer(req, res, true);
  });
  server.on('clientError', clientErrorListener({ exchanges, context, asPage, onRefused }));
  // CONNECT would make the edge a tunnel to anywhere; Node drops it unanswered unless told otherwise.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    onRefused('EDGE_ERR_METHOD_NOT_ALLOWED');
    endAndLinger(socket, rawRefusal(refusal('EDGE_ERR_METHOD_NOT_ALLOWED', context), false));
  });
  return server;
}
