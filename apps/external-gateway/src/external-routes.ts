/**
 * The routes of `gateways.external`: `/external/<upstream>/{proxy+}` for each, open only to the
 * platform services the route's `callers` name (a signed service token), and only for its methods.
 * Bodies pass through untouched (JSON, forms, SAML); the upstream's answer comes back as it is.
 */
import { IDEMPOTENT_METHODS, type ServiceApp } from '@dwp/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CallerNotAllowedError, MethodNotAllowedError, PathInvalidError, RetryLaterError } from './errors.ts';
import type { UpstreamClient } from './upstream/upstream-client.ts';
import { tracingStarted } from '@dwp/telemetry';
import type { UpstreamResponse } from './upstream/upstream-response.ts';

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
/** Caller headers every upstream call carries on. */
export const FORWARDED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-language',
  'content-type',
  'idempotency-key',
  'x-request-id',
  'traceparent',
  'tracestate',
]);
/**
 * In a tracing process the HTTP instrumentation adds the upstream call's own trace context; the
 * caller's would be a second, conflicting parent.
 */
const FORWARDED_WHEN_TRACING: ReadonlySet<string> = new Set(
  [...FORWARDED_REQUEST_HEADERS].filter((h) => h !== 'traceparent' && h !== 'tracestate'),
);
/** Upstream headers passed back to the caller. */
export const FORWARDED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-language',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'retry-after',
  'www-authenticate',
  'x-correlation-id',
  'x-request-id',
  'pragma',
]);
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export interface ExternalRoutesOptions {
  readonly clients: readonly UpstreamClient[];
  /** Largest request body passed on. @default 1048576 */
  readonly bodyLimit?: number;
  /** Told about each call's outcome (metrics). */
  readonly onOutcome?: (upstream: string, outcome: string) => void;
}

function pick(
  headers: FastifyRequest['headers'],
  allowed: ReadonlySet<string>,
  extra: ReadonlySet<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || (!allowed.has(name) && !extra.has(name))) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export async function externalRoutes(app: ServiceApp, opts: ExternalRoutesOptions): Promise<void> {
  // Bodies are passed on as bytes, whatever their type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: opts.bodyLimit ?? 1_048_576 }, (_req, body, done) => {
    done(null, body);
  });

  for (const client of opts.clients) {
    const route = client.route;
    const prefix = route.path.slice(0, -'/{proxy+}'.length);
    const allowed = new Set<string>(route.methods);
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const caller = request.caller;
      if (caller.kind !== 'service' || !route.callers.includes(caller.service)) {
        opts.onOutcome?.(client.upstream, 'caller_refused');
        throw new CallerNotAllowedError(
          caller.kind === 'service' ? caller.service : caller.kind,
          client.upstream,
          route.callers,
        );
      }
      if (!allowed.has(request.method)) {
        reply.header('allow', route.methods.join(', '));
        throw new MethodNotAllowedError(request.method, client.upstream, route.methods);
      }
      const rest = request.url.slice(prefix.length);
      const pathOnly = rest.split('?')[0]!;
      if (pathOnly.length < 2 || DOT_SEGMENT.test(pathOnly)) throw new PathInvalidError(client.upstream);
      const headers = pick(
        request.headers,
        tracingStarted() ? FORWARDED_WHEN_TRACING : FORWARDED_REQUEST_HEADERS,
        client.passThrough,
      );
      const body = Buffer.isBuffer(request.body) && request.body.length > 0 ? request.body : undefined;
      let res: UpstreamResponse;
      try {
        res = await client.call({
          method: request.method,
          path: rest,
          headers,
          ...(body ? { body } : {}),
          retryable: IDEMPOTENT_METHODS.has(request.method) || headers['idempotency-key'] !== undefined,
        });
      } catch (err) {
        if (err instanceof RetryLaterError) reply.header('retry-after', String(err.retryAfterSeconds));
        opts.onOutcome?.(client.upstream, (err as { code?: string }).code ?? 'error');
        // The breaker's state after the failure: a trace shows whether this call opened it.
        request.span?.setAttributes({
          'upstream.name': client.upstream,
          'upstream.circuit.state': client.circuit().state,
        });
        throw err;
      }
      opts.onOutcome?.(client.upstream, `${Math.floor(res.status / 100)}xx`);
      request.span?.setAttributes({
        'upstream.name': client.upstream,
        'upstream.circuit.state': client.circuit().state,
      });
      for (const [name, value] of Object.entries(res.headers))
        if (FORWARDED_RESPONSE_HEADERS.has(name)) reply.header(name, value);
      return reply.code(res.status).send(res.body);
    };
    app.route({
      method: [...ALL_METHODS],
      url: `${prefix}/*`,
      exposeHeadRoute: false,
      config: { auth: 'service' },
      schema: { hide: true },
      handler,
    });
  }
}
