/**
 * Forwards one request to an instance of an upstream service over pooled keep-alive connections.
 * When an instance cannot be reached (refused, reset before an answer), a request that is safe to
 * repeat (idempotent method, or one carrying an Idempotency-Key) goes to another healthy instance.
 */
import type { Endpoint } from './discovery.ts';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';

export interface Upstream {
  pick(exclude: ReadonlySet<string>): Promise<Endpoint>;
  reportFailure(endpoint: Endpoint): void;
}

export interface ForwardRequest {
  readonly method: string;
  /** Path and query as the upstream should see them. */
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body?: Buffer;
}

export type ForwardResult =
  | {
      readonly kind: 'response';
      readonly endpoint: Endpoint;
      readonly response: Dispatcher.ResponseData;
      readonly attempts: number;
    }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'failed'; readonly reason: string };

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
/** @default attempts on distinct instances before giving up */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 29_000; // API Gateway's integration timeout

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);

export function isRetryable(req: ForwardRequest): boolean {
  return IDEMPOTENT_METHODS.has(req.method) || req.headers['idempotency-key'] !== undefined;
}

export interface ForwarderOptions {
  /** @default 3 */
  readonly maxAttempts?: number;
  /** @default 29000 */
  readonly timeoutMs?: number;
  /** @default 256 connections per origin */
  readonly connections?: number;
}

export class Forwarder {
  readonly #agent: Agent;
  readonly #maxAttempts: number;
  readonly #timeoutMs: number;

  constructor(opts: ForwarderOptions = {}) {
    this.#maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
    if (this.#maxAttempts < 1) throw new TypeError('maxAttempts must be at least 1');
    this.#agent = new Agent({ keepAliveTimeout: 10_000, connections: opts.connections ?? 256, pipelining: 1 });
  }

  async forward(upstream: Upstream, req: ForwardRequest): Promise<ForwardResult> {
    const tried = new Set<string>();
    const retryable = isRetryable(req);
    let lastReason = 'no attempt made';
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      let endpoint: Endpoint;
      try {
        endpoint = await upstream.pick(tried);
      } catch (err) {
        return attempt === 1
          ? { kind: 'unavailable', reason: (err as Error).message }
          : { kind: 'failed', reason: lastReason };
      }
      tried.add(endpoint.id);
      try {
        const response = await this.#agent.request({
          origin: endpoint.origin,
          path: req.path,
          method: req.method,
          headers: req.headers,
          body: req.body ?? null,
          headersTimeout: this.#timeoutMs,
          bodyTimeout: this.#timeoutMs,
        });
        return { kind: 'response', endpoint, response, attempts: attempt };
      } catch (err) {
        if (err instanceof undiciErrors.HeadersTimeoutError) return { kind: 'timeout' };
        const code = (err as { code?: string }).code ?? '';
        lastReason = `${endpoint.id}: ${code || (err as Error).message}`;
        if (!CONNECT_FAILURES.has(code)) return { kind: 'failed', reason: lastReason };
        upstream.reportFailure(endpoint);
        if (!retryable) return { kind: 'failed', reason: lastReason };
      }
    }
    return { kind: 'failed', reason: lastReason };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
