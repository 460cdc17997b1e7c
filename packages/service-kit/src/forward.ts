/**
 * Forwards one request to an instance of an upstream service over pooled keep-alive connections.
 * When an instance cannot be reached (refused, reset before an answer), a request that is safe to
 * repeat (idempotent method, or one carrying an Idempotency-Key) goes to another healthy instance.
 * When an instance answers such a request with 502 or 503, it is sent once more, to another
 * instance (another revision while a release runs): a bad new version, or one instance that is
 * draining, costs the caller nothing. A POST without an Idempotency-Key is never replayed after an
 * answer: the instance may have acted on it, and nothing would tell the second one.
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
/** An instance's answers that a request safe to repeat is sent again for. */
export const REPLAY_STATUSES: ReadonlySet<number> = new Set([502, 503]);
/** @default replays of a request safe to repeat after an answer in REPLAY_STATUSES */
export const DEFAULT_MAX_STATUS_REPLAYS = 1;
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
  /** Attempts on distinct instances, all causes together. @default 3 */
  readonly maxAttempts?: number;
  /** Replays of a request safe to repeat answered 502 or 503: at most one, 0 turns them off. @default 1 */
  readonly maxStatusReplays?: number;
  /** @default 29000 */
  readonly timeoutMs?: number;
  /** @default 256 connections per origin */
  readonly connections?: number;
}

export class Forwarder {
  readonly #agent: Agent;
  readonly #maxAttempts: number;
  readonly #maxStatusReplays: number;
  readonly #timeoutMs: number;

  constructor(opts: ForwarderOptions = {}) {
    this.#maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.#maxStatusReplays = opts.maxStatusReplays ?? DEFAULT_MAX_STATUS_REPLAYS;
    if (this.#maxStatusReplays < 0) throw new TypeError('maxStatusReplays must not be negative');
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
        const response = await this.#send(endpoint, req);
        const replay =
          attempt < this.#maxAttempts &&
          this.#maxStatusReplays > 0 &&
          retryable &&
          REPLAY_STATUSES.has(response.statusCode);
        if (replay)
          return await this.#replay(upstream, req, tried, { kind: 'response', endpoint, response, attempts: attempt });
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

  /**
   * Asks one other instance after a 502 or 503. The first answer stands until the second one has
   * come: when there is no other instance, or it cannot be reached or does not answer in time, the
   * caller gets the first instance's own answer, not a failure of the replay.
   */
  async #replay(
    upstream: Upstream,
    req: ForwardRequest,
    tried: Set<string>,
    first: Extract<ForwardResult, { kind: 'response' }>,
  ): Promise<ForwardResult> {
    const other = await upstream.pick(tried).catch(() => undefined);
    if (!other) return first;
    tried.add(other.id);
    try {
      const response = await this.#send(other, req);
      await first.response.body.dump();
      return { kind: 'response', endpoint: other, response, attempts: first.attempts + 1 };
    } catch (err) {
      if (CONNECT_FAILURES.has((err as { code?: string }).code ?? '')) upstream.reportFailure(other);
      return first;
    }
  }

  #send(endpoint: Endpoint, req: ForwardRequest): Promise<Dispatcher.ResponseData> {
    return this.#agent.request({
      origin: endpoint.origin,
      path: req.path,
      method: req.method,
      headers: req.headers,
      body: req.body ?? null,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
    });
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
