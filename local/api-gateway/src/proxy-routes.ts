/**
 * The primary gateway's request path, one named stage per step, in API Gateway's order:
 *
 *   1. route-match     resource from the definition, base path removed; 404 "Missing Authentication Token"
 *   2. authentication  JWT verification (authorizer.ts), when given: it runs HERE, after the match
 *                      (it needs the route's `auth`) and before throttling and the cache
 *   3. throttle        token buckets (key per method, key, stage per method, stage) and quotas; 429
 *   4. validation      the service's OpenAPI document: path, query, JSON body; 400 with the fields
 *   5. cache           X-Cache Hit answers here; Miss goes on and is stored by the forward step
 *   6. forward         canary split, then a healthy instance through discovery (this file); a GET or
 *                      HEAD answered 502/503 is replayed once on another instance, of the old set while a
 *                      release runs (the Forwarder), so a bad new version fails no reader
 *   7. compression, observability   on the way out: br/gzip, metrics, access log
 *
 * Stages 1 and 3 run on `onRequest` (before the body is read); 4 and 5 on `preHandler`.
 */
import type { PrimaryGateway } from '@dwp/platform';
import { tracingStarted } from '@dwp/telemetry';
import {
  endToEnd,
  isInternalHeader,
  type CanaryRouter,
  type Forwarder,
  type ResponseCache,
  type Upstream,
} from '@dwp/gateway-core';
import {
  SERVICE_TOKEN_HEADER,
  traceparentOf,
  type DiscoveryClient,
  type ServiceApp,
  type ServiceTokenSigner,
} from '@dwp/service-kit';
import type { FastifyPluginAsync, FastifyPluginCallback } from 'fastify';
import { answer } from './api-gateway-errors.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import { kGateway } from './request-state.ts';
import { CACHE_HEADER, cacheStage } from './stages/cache.ts';
import { compressionStage } from './stages/compression.ts';
import { observabilityStage } from './stages/observability.ts';
import { routeMatchStage } from './stages/route-match.ts';
import { throttleStage, type ThrottleStageOptions } from './stages/throttle.ts';
import { validationStage, type ValidationStageOptions } from './stages/validation.ts';
import type { CacheStageOptions } from './stages/cache.ts';

export interface ProxyRoutesOptions {
  readonly gateway: PrimaryGateway;
  readonly discovery: DiscoveryClient;
  readonly forwarder: Forwarder;
  readonly metrics: GatewayMetrics;
  readonly throttle: Omit<ThrottleStageOptions, 'metrics' | 'stage'>;
  readonly validation: Omit<ValidationStageOptions, 'metrics' | 'stage'>;
  readonly cache: Omit<CacheStageOptions, 'metrics' | 'stage'>;
  readonly canary: CanaryRouter;
  /** Signs the token that tells the service who is calling (the gateway, for the verified user). */
  readonly signer: ServiceTokenSigner | undefined;
  /** Stage 2: the authorizer plugin (JWT verification), registered between route match and throttle. */
  readonly authentication?: FastifyPluginAsync | FastifyPluginCallback;
}

/**
 * The proxy route is public as far as the service kit's service identity goes: callers of the
 * gateway are users, authenticated by stage 2, not services carrying service tokens.
 */
const PROXY_ROUTE_CONFIG = { auth: 'public' } as const;

/** Answers up to this size are read whole and sent in one write rather than piped. */
const SMALL_BODY_BYTES = 64 * 1024;

const DROP_FROM_REQUEST = new Set([
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'traceparent',
  'x-request-id',
  'x-api-key',
]);

/** End-to-end headers of a service's answer, less the internal ones. */
function publicHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const all = endToEnd(headers);
  const out: Record<string, string | string[]> = {};
  for (const name in all) if (!isInternalHeader(name)) out[name] = all[name]!;
  return out;
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export async function proxyRoutes(app: ServiceApp, opts: ProxyRoutesOptions): Promise<void> {
  const stage = opts.gateway.stage;
  const base = opts.gateway.basePath.replace(/\/$/, '');
  const { metrics, canary, forwarder } = opts;
  const upstreams = new Map<string, Upstream>();
  const upstreamFor = (service: string): Upstream => {
    let u = upstreams.get(service);
    if (!u) {
      u = {
        pick: (exclude) => opts.discovery.pick(service, exclude),
        reportFailure: (e) => {
          opts.discovery.reportFailure(e);
        },
      };
      upstreams.set(service, u);
    }
    return u;
  };

  // Bodies pass through untouched (buffered, so a safe request can be replayed on another instance).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });

  await app.register(observabilityStage, { metrics, stage });
  await app.register(compressionStage, {});
  await app.register(routeMatchStage, { gateway: opts.gateway });
  if (opts.authentication) await app.register(opts.authentication); // stage 2: authentication
  await app.register(throttleStage, { ...opts.throttle, metrics, stage });
  await app.register(validationStage, { ...opts.validation, metrics, stage });
  await app.register(cacheStage, { ...opts.cache, metrics, stage });
  const { cache } = opts.cache as { cache: ResponseCache };
  const { policy } = opts.cache;

  app.all(`${base}/*`, { schema: { hide: true }, config: PROXY_ROUTE_CONFIG }, async (request, reply) => {
    const state = request[kGateway]!;
    const target = canary.targetFor(state.route.service);
    state.target = target;

    const headers = endToEnd(request.headers, DROP_FROM_REQUEST);
    headers['x-forwarded-for'] = request.ip;
    headers['x-forwarded-proto'] = request.protocol;
    if (request.headers.host) headers['x-forwarded-host'] = request.headers.host;
    // A tracing process's HTTP instrumentation adds the integration call's own context instead.
    if (!tracingStarted()) headers.traceparent = traceparentOf(request.trace);
    headers['x-request-id'] = request.id;
    if (opts.signer) headers[SERVICE_TOKEN_HEADER] = await opts.signer.sign(target, state.user);

    const sentAt = process.hrtime.bigint();
    const result = await forwarder.forward(upstreamFor(target), {
      method: request.method,
      path: state.query === '' ? state.path : `${state.path}?${state.query}`,
      headers,
      ...(Buffer.isBuffer(request.body) ? { body: request.body } : {}),
    });
    state.integrationLatencyMs = Number(process.hrtime.bigint() - sentAt) / 1e6;
    switch (result.kind) {
      case 'response': {
        const { statusCode, headers: upstreamHeaders, body } = result.response;
        const out = publicHeaders(upstreamHeaders);
        reply.code(statusCode).headers(out).header(CACHE_HEADER, state.cacheStatus);
        const length = upstreamHeaders['content-length'];
        // The body is passed on unchanged, so its length stands (compression removes it again).
        if (typeof length === 'string') reply.header('content-length', length);
        // A service that marks an answer `no-store` (personal, changing data) keeps it out of the cache.
        const noStore = /(^|,)\s*no-store\s*(,|$)/i.test(String(upstreamHeaders['cache-control'] ?? ''));
        if (state.cacheStatus === 'Miss' && statusCode === 200 && state.cache?.kind === 'lookup' && !noStore) {
          const buffered = await collect(body);
          if (buffered.length <= policy.maxEntryBytes) {
            const stored = cache.set(
              state.cache.key,
              { status: statusCode, headers: out, body: buffered },
              policy.ttlMs,
            );
            if (stored)
              stored.catch((err: unknown) => {
                request.log.warn({ err }, 'cache store failed');
              });
          }
          return reply.send(buffered);
        }
        // A small answer of known length is sent as one buffer: headers and body leave in one write.
        if (typeof length === 'string' && Number(length) <= SMALL_BODY_BYTES) return reply.send(await collect(body));
        return reply.send(body);
      }
      case 'unavailable':
        request.log.warn({ service: target, reason: result.reason }, 'no healthy instance');
        return answer(reply, 'serviceUnavailable');
      case 'timeout':
        return answer(reply, 'integrationTimeout');
      case 'failed':
        request.log.warn({ service: target, reason: result.reason }, 'integration failed');
        return answer(reply, 'integrationFailure');
      default: {
        const never: never = result;
        throw new Error(`Unexpected forward result ${JSON.stringify(never)}`);
      }
    }
  });
}
