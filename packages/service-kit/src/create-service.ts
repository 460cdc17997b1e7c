/**
 * How every service starts: one Fastify instance with validated config, JSON logs carrying the
 * request id and trace context, /health, /metrics, OpenAPI at /docs, the one error shape, a
 * discovery client, and graceful shutdown. Apps add their routes and dependency checks, then start().
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_SERVICE_PORT,
  ENV,
  pathPrefixOf,
  serviceNamed,
  userPoolGroupsOf,
  type Platform,
  type Service,
} from '@dwp/platform';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { baseConfigSchema, loadConfig, type BaseConfig } from './config.ts';
import { DiscoveryClient } from './discovery.ts';
import { docsPlugin } from './docs.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { faultSwitchPlugin } from './fault-switch.ts';
import { Forwarder } from './forward.ts';
import { healthPlugin, type DependencyCheck } from './health.ts';
import { loadSigningKey, loadTrustedKeys } from './identity/keys.ts';
import { optionalUserTokenVerification } from './identity/cognito/user-token-verification.ts';
import { isOperationalPath, serviceIdentityPlugin } from './identity/service-identity-plugin.ts';
import { ServiceTokenSigner } from './identity/service-token.ts';
import { metricsPlugin } from './metrics.ts';
import { bodyAwareValidatorCompiler, parseJsonBodies } from './request-body.ts';
import { ServiceClient } from './service-client.ts';
import { storableTextOnly } from './storable-text.ts';
import { installGracefulShutdown } from './shutdown.ts';
import { activeSpan } from '@dwp/telemetry';
import type { Span } from '@opentelemetry/api';
import { continueTrace, traceOfSpan, type TraceContext } from './trace-context.ts';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext;
    /** The request's span when the process traces (the preload started OpenTelemetry). */
    span: Span | undefined;
  }
}

export interface CreateServiceOptions<S extends z.ZodObject> {
  readonly platform: Platform;
  /** The service's name in the platform definition, or the primary gateway's name. */
  readonly name: string;
  /** Extra environment variables this service reads, merged with the base ones. */
  readonly config?: S;
  readonly version?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Body size limit in bytes. @default 1048576 */
  readonly bodyLimit?: number;
  /** Whether to serve OpenAPI at /docs. @default true */
  readonly docs?: boolean;
  /**
   * One log line per answered request (method, path, status, time): at info, or at debug for
   * health, metrics and docs. Off for a service that writes its own access log. @default true
   */
  readonly requestLog?: boolean;
}

export interface ServiceRuntime<C> {
  readonly app: ServiceApp;
  readonly config: C & BaseConfig;
  readonly definition: Service | undefined;
  readonly discovery: DiscoveryClient;
  /** Calls other services by name with this service's identity. */
  readonly services: ServiceClient;
  /** Signs service tokens as this principal; undefined when no signing key is configured. */
  readonly signer: ServiceTokenSigner | undefined;
  readonly log: FastifyBaseLogger;
  /** Adds a dependency whose readiness /health reports. */
  addCheck(check: DependencyCheck): void;
  /** Registers work to run when the service stops (close pools, flush queues). */
  onClose(fn: () => Promise<void> | void): void;
  /** Listens on PORT (or the definition's port) and installs graceful shutdown. */
  start(): Promise<{ port: number; stop: () => Promise<void> }>;
}

/** Fastify's request logger is a pino child, which takes more bindings after it is made. */
function takesBindings(log: FastifyBaseLogger): log is FastifyBaseLogger & Pick<Logger, 'setBindings'> {
  return 'setBindings' in log && typeof log.setBindings === 'function';
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createService<S extends z.ZodObject = typeof baseConfigSchema>(
  opts: CreateServiceOptions<S>,
): Promise<ServiceRuntime<z.output<S>>> {
  const env = opts.env ?? process.env;
  const schema = opts.config ? baseConfigSchema.extend(opts.config.shape) : baseConfigSchema;
  const config = loadConfig(opts.name, schema, env) as z.output<S> & BaseConfig;
  const definition = opts.platform.services.find((s) => s.name === opts.name);
  if (!definition && opts.platform.gateways.primary?.name !== opts.name) serviceNamed(opts.platform, opts.name);

  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      base: { service: opts.name, ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}) },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
    },
    bodyLimit: opts.bodyLimit ?? 1_048_576,
    requestIdHeader: 'x-request-id',
    // Fastify's own two lines per request (in and out) are replaced by one (below); unexpected
    // errors are still logged, by the error handler.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    // The router refuses a path it cannot decode before any route or hook runs; without this its
    // answer is Fastify's own JSON, not the one error shape.
    frameworkErrors: (err, request, reply) => {
      errorHandler(err, request, reply);
    },
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(storableTextOnly(bodyAwareValidatorCompiler));
  parseJsonBodies(app);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.decorateRequest('trace', null as unknown as TraceContext);
  app.decorateRequest('span', undefined);
  app.addHook('onRequest', (request, reply, done) => {
    // With tracing on, the request's span (opened by the Fastify instrumentation's own onRequest
    // hook, which runs first) is the trace context; without it the kit continues the caller's.
    request.span = activeSpan();
    request.trace = traceOfSpan(request.span) ?? continueTrace(request.headers.traceparent);
    // Fastify already made this request's child logger (for its id): add the trace to it rather
    // than building a second child on every request.
    if (takesBindings(request.log)) {
      request.log.setBindings({ traceId: request.trace.traceId, spanId: request.trace.spanId });
    }
    reply.header('x-request-id', request.id);
    done();
  });

  if (opts.requestLog ?? true) {
    app.addHook('onResponse', (request, reply, done) => {
      const path = request.url.split('?')[0]!;
      // The query is left out: it can carry personal data (a postcode, a name).
      const line = {
        method: request.method,
        path,
        status: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100,
      };
      if (isOperationalPath(path)) request.log.debug(line, 'request completed');
      else request.log.info(line, 'request completed');
      done();
    });
  }

  let draining = false;
  const checks: DependencyCheck[] = [];
  const closers: Array<() => Promise<void> | void> = [];
  const prefix = definition ? pathPrefixOf(definition) : undefined;

  const signingKey = await loadSigningKey(opts.name, env);
  const signer = signingKey ? new ServiceTokenSigner(signingKey) : undefined;
  // The primary gateway checks users' tokens in its own authorizer stage, not here.
  const userTokens =
    opts.platform.gateways.primary?.name === opts.name
      ? undefined
      : optionalUserTokenVerification(opts.name, env, userPoolGroupsOf(opts.platform));
  if (userTokens)
    closers.push(() => {
      userTokens.close();
    });
  await app.register(faultSwitchPlugin, { service: opts.name, env, checks });
  await app.register(serviceIdentityPlugin, {
    platform: opts.platform,
    self: opts.name,
    trusted: loadTrustedKeys(env),
    userTokens,
  });

  await app.register(metricsPlugin, {
    service: opts.name,
    ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}),
  });
  if (opts.docs ?? true) {
    await app.register(docsPlugin, {
      title: opts.name,
      description: definition?.description ?? '',
      version: opts.version ?? '0.1.0',
    });
  }
  await app.register(healthPlugin, {
    service: opts.name,
    checks,
    aliases: prefix ? [`/${prefix}/health`] : [],
    isDraining: () => draining,
  });
  app.addHook('onClose', async () => {
    for (const close of closers.reverse()) await close();
  });

  const discovery = new DiscoveryClient({
    mode: config.DISCOVERY_MODE,
    namespace: env[ENV.discoveryNamespace] ?? opts.platform.serviceDiscovery.namespace,
    ...(config.DISCOVERY_REGISTRY_URL ? { registryUrl: config.DISCOVERY_REGISTRY_URL } : {}),
    ports: new Map(opts.platform.services.map((s) => [s.name, s.port])),
    env,
  });

  const forwarder = new Forwarder();
  closers.push(() => forwarder.close());
  const services = new ServiceClient(discovery, forwarder, signer);

  return {
    app,
    config,
    definition,
    discovery,
    services,
    signer,
    log: app.log,
    addCheck: (check) => void checks.push(check),
    onClose: (fn) => void closers.push(fn),
    async start() {
      const port = config.PORT ?? definition?.port ?? DEFAULT_SERVICE_PORT;
      await app.listen({ port, host: config.HOST });
      const stop = installGracefulShutdown({
        app,
        timeoutMs: config.STOP_TIMEOUT_MS,
        onDrain: () => (draining = true),
      });
      return { port: (app.server.address() as AddressInfo).port, stop };
    },
  };
}
