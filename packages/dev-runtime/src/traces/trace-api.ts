/**
 * Every trace route of the admin port in one place: the OTLP/HTTP receiver (`POST /v1/traces`),
 * the Jaeger query API, the console aggregates and a trace's logs. The admin server asks it
 * first and falls back to its own routes when it answers `false`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { consoleTracesRoute } from './console-traces.ts';
import { jaegerRoute } from './jaeger-api.ts';
import { traceLogsRoute, type LogIndex } from './log-index.ts';
import { OtlpTraceReceiver } from './otlp-receiver.ts';
import { houseError, type RouteResult } from './route-result.ts';
import { serviceMapRoute } from './service-map.ts';
import type { TraceStore } from './trace-store.ts';

export interface TraceApiOptions {
  readonly traces: TraceStore;
  /** Without it, `/api/traces/{id}/logs` is not served. */
  readonly logs?: LogIndex;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default 8 MiB (see DEFAULT_MAX_BODY_BYTES) */
  readonly maxBodyBytes?: number;
}

export class TraceApi {
  readonly #traces: TraceStore;
  readonly #logs: LogIndex | undefined;
  readonly #now: () => number;
  readonly #receiver: OtlpTraceReceiver;

  constructor(options: TraceApiOptions) {
    this.#traces = options.traces;
    this.#logs = options.logs;
    this.#now = options.now ?? Date.now;
    this.#receiver = new OtlpTraceReceiver(
      options.traces,
      options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes },
    );
  }

  /** Serves the request and answers true, or answers false when it is not a trace route. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    if (url.pathname === '/v1/traces' && req.method === 'POST') {
      // The receiver answers every failure itself; anything left is a broken socket.
      this.#receiver.handle(req, res).catch(() => res.destroy());
      return true;
    }
    if (req.method !== 'GET') return false;
    let result: RouteResult | undefined;
    try {
      result = this.route(url);
    } catch {
      result = houseError(500, 'TRACES_ERR_INTERNAL', 'The trace store could not answer; see the runtime log');
    }
    if (!result) return false;
    const text = JSON.stringify(result.body);
    res
      .writeHead(result.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
      })
      .end(text);
    return true;
  }

  /** The GET routes without HTTP, for tests and for the handler above. */
  route(url: URL): RouteResult | undefined {
    const path = url.pathname;
    if (path === '/api/console/map') return serviceMapRoute(this.#traces, url.searchParams, this.#now());
    if (path === '/api/console/traces') return consoleTracesRoute(this.#traces, url.searchParams);
    const logs = /^\/api\/traces\/([0-9a-fA-F]{32})\/logs$/.exec(path);
    if (logs && this.#logs) return traceLogsRoute(this.#logs, logs[1]!);
    return jaegerRoute(this.#traces, url, this.#now() * 1000);
  }
}
