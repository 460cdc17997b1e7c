/**
 * All calls to one upstream go through here: fail fast while its circuit is open, take a slot of
 * its outbound limit for every attempt, add its credentials, send over its own keep-alive agent
 * (with the client certificate for mTLS upstreams), and let the shared policies time out, count
 * and retry. Errors come out as the gateway's catalogue; the upstream's own answers (4xx, and a 5xx
 * once retries are spent) are passed on as they are.
 */
import { systemClock, type Clock } from '@dwp/clock';
import type { ExternalGateway, ExternalRoute } from '@dwp/platform';
import { BrokenCircuitError, CircuitState, IsolatedCircuitError, TaskCancelledError } from 'cockatiel';
import { Agent, type Dispatcher } from 'undici';
import { createUpstreamAuth } from '../auth/create-upstream-auth.ts';
import type { UpstreamAuth } from '../auth/upstream-auth.ts';
import type { UpstreamConfig } from '../config.ts';
import {
  CircuitOpenError,
  RateLimitedError,
  UpstreamNotConfiguredError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../errors.ts';
import type { OutboundLimiter, WindowLimit } from '../limits/outbound-limiter.ts';
import { UpstreamFailure } from '../resilience/upstream-failure.ts';
import { upstreamPolicies, type UpstreamPolicies } from '../resilience/upstream-policies.ts';
import type { UpstreamResponse } from './upstream-response.ts';

/** Answers larger than this are refused rather than buffered. */
export const MAX_UPSTREAM_RESPONSE_BYTES = 10 * 1024 * 1024;
/** @default Retry-After while a half-open probe decides */
export const HALF_OPEN_RETRY_AFTER_MS = 1000;

export interface UpstreamCall {
  readonly method: string;
  /** Path and query below the upstream's base URL. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** Safe to repeat: an idempotent method or an Idempotency-Key. */
  readonly retryable: boolean;
}

export type CircuitView =
  | { readonly state: 'closed' }
  | { readonly state: 'open'; readonly openedAt: string; readonly retryAfterSeconds: number }
  | { readonly state: 'half-open' }
  | { readonly state: 'isolated' };

export interface UpstreamClientOptions {
  readonly route: ExternalRoute;
  readonly gateway: Pick<ExternalGateway, 'circuitBreaker' | 'retry' | 'timeoutMs'>;
  readonly config: UpstreamConfig;
  readonly limiter: OutboundLimiter;
  /** Overrides the definition's open period (tests). */
  readonly openMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default an undici Agent (with the client certificate for mTLS upstreams) */
  readonly dispatcher?: Dispatcher;
}

export class UpstreamClient {
  readonly upstream: string;
  readonly route: ExternalRoute;
  readonly config: UpstreamConfig;
  readonly policies: UpstreamPolicies;
  readonly limit: WindowLimit;
  readonly #limiter: OutboundLimiter;
  readonly #clock: Clock;
  readonly #dispatcher: Dispatcher | undefined;
  readonly #ownsDispatcher: boolean;
  readonly #auth: UpstreamAuth | undefined;
  readonly #base: URL | undefined;
  #openedAt: number | undefined;

  constructor(opts: UpstreamClientOptions) {
    if (!opts.route.path.endsWith('/{proxy+}'))
      throw new TypeError(`external route ${opts.route.path} must end in /{proxy+}`);
    this.upstream = opts.route.upstream;
    this.route = opts.route;
    this.config = opts.config;
    this.limit = { requests: opts.route.rateLimit.requests, windowMs: opts.route.rateLimit.perSeconds * 1000 };
    this.#limiter = opts.limiter;
    this.#clock = opts.clock ?? systemClock;
    this.policies = upstreamPolicies({
      gateway: opts.gateway,
      ...(opts.openMs ? { openMs: opts.openMs } : {}),
      clock: this.#clock,
    });
    this.policies.breaker.onBreak(() => (this.#openedAt = this.#clock.now()));
    this.policies.breaker.onReset(() => (this.#openedAt = undefined));
    if (opts.config.kind === 'configured') {
      const creds = opts.config.credentials;
      this.#base = new URL(opts.config.url);
      this.#ownsDispatcher = !opts.dispatcher;
      this.#dispatcher =
        opts.dispatcher ??
        new Agent({
          keepAliveTimeout: 10_000,
          connections: 64,
          ...(creds.auth === 'mtls-oauth2-jwt'
            ? {
                connect: {
                  cert: creds.clientCert,
                  key: creds.clientKey,
                  ...(creds.caCert ? { ca: creds.caCert } : {}),
                },
              }
            : {}),
        });
      this.#auth = createUpstreamAuth(creds, {
        upstream: this.upstream,
        dispatcher: this.#dispatcher,
        clock: this.#clock,
      });
    } else {
      this.#ownsDispatcher = false;
    }
  }

  /** Caller headers this upstream needs passed on besides the common ones. */
  get passThrough(): ReadonlySet<string> {
    return this.#auth?.passThrough ?? new Set();
  }

  circuit(): CircuitView {
    const state = this.policies.breaker.state;
    switch (state) {
      case CircuitState.Closed:
        return { state: 'closed' };
      case CircuitState.Open: {
        const openedAt = this.#openedAt ?? this.#clock.now();
        return {
          state: 'open',
          openedAt: new Date(openedAt).toISOString(),
          retryAfterSeconds: Math.max(1, Math.ceil((openedAt + this.policies.openMs - this.#clock.now()) / 1000)),
        };
      }
      case CircuitState.HalfOpen:
        return { state: 'half-open' };
      case CircuitState.Isolated:
        return { state: 'isolated' };
      default: {
        const never: never = state;
        throw new Error(`Unexpected circuit state ${String(never)}`);
      }
    }
  }

  /** The error to answer at once, without touching the upstream, or undefined to go ahead. */
  #failFast(): CircuitOpenError | undefined {
    switch (this.policies.breaker.state) {
      case CircuitState.Closed:
        return undefined;
      case CircuitState.Open: {
        const remaining = (this.#openedAt ?? this.#clock.now()) + this.policies.openMs - this.#clock.now();
        return remaining > 0 ? new CircuitOpenError(this.upstream, remaining) : undefined;
      }
      case CircuitState.HalfOpen:
        return new CircuitOpenError(this.upstream, HALF_OPEN_RETRY_AFTER_MS);
      case CircuitState.Isolated:
        return new CircuitOpenError(this.upstream, this.policies.openMs);
      default:
        throw new Error(`Unexpected circuit state ${String(this.policies.breaker.state)}`);
    }
  }

  /**
   * @throws {CircuitOpenError} while the circuit is open
   * @throws {RateLimitedError} when the outbound limit has no room
   * @throws {UpstreamTimeoutError | UpstreamUnreachableError | UpstreamAuthError | UpstreamNotConfiguredError}
   */
  async call(c: UpstreamCall): Promise<UpstreamResponse> {
    if (this.config.kind !== 'configured') throw new UpstreamNotConfiguredError(this.upstream, this.config.variable);
    const open = this.#failFast();
    if (open) throw open;
    const policy = c.retryable ? this.policies.retrying : this.policies.once;
    try {
      return await policy.execute(({ signal }) => this.#attempt(c, signal));
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError)
        throw this.#failFast() ?? new CircuitOpenError(this.upstream, HALF_OPEN_RETRY_AFTER_MS);
      if (err instanceof TaskCancelledError) throw new UpstreamTimeoutError(this.upstream, this.policies.timeoutMs);
      if (err instanceof UpstreamFailure) {
        if (err.response) return err.response;
        throw new UpstreamUnreachableError(this.upstream, err.reason);
      }
      throw err;
    }
  }

  async #take(): Promise<void> {
    const decision = await this.#limiter.take(this.upstream, this.limit);
    if (decision.kind === 'limited')
      throw new RateLimitedError(this.upstream, this.route.rateLimit, decision.retryAfterMs);
  }

  async #attempt(c: UpstreamCall, signal: AbortSignal): Promise<UpstreamResponse> {
    await this.#take();
    const auth = this.#auth!;
    const headers = { ...c.headers };
    await auth.apply(headers, signal);
    let res = await this.#send(c, headers, signal);
    if (res.status === 401 && auth.refreshable) {
      // The upstream no longer takes our token (revoked, rotated): fetch a fresh one and try once more.
      auth.invalidate();
      await this.#take();
      await auth.apply(headers, signal);
      res = await this.#send(c, headers, signal);
    }
    if (res.status >= 500) throw new UpstreamFailure(`answered ${res.status}`, res);
    return res;
  }

  async #send(c: UpstreamCall, headers: Record<string, string>, signal: AbortSignal): Promise<UpstreamResponse> {
    const base = this.#base!;
    let res: Dispatcher.ResponseData;
    try {
      res = await this.#dispatcher!.request({
        origin: base.origin,
        path: base.pathname.replace(/\/$/, '') + c.path,
        method: c.method,
        headers,
        body: c.body ?? null,
        signal,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new UpstreamFailure((err as { code?: string }).code ?? (err as Error).message);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > MAX_UPSTREAM_RESPONSE_BYTES) {
          res.body.destroy();
          throw new UpstreamFailure(`answer larger than ${MAX_UPSTREAM_RESPONSE_BYTES} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      if (err instanceof UpstreamFailure || signal.aborted) throw err;
      throw new UpstreamFailure(`answer cut short: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
    return { status: res.statusCode, headers: out, body: Buffer.concat(chunks) };
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher?.close();
  }
}
