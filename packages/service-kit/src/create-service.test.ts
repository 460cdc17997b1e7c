import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError, createService, NotFoundError } from './index.ts';
import { kitPlatform } from './kit-platform.fixture.ts';

/** The one error shape, as far as the tests read it. */
type ErrorAnswer = { error: { code: string } };
const validationAnswer = z.object({
  error: z.object({ code: z.string(), details: z.array(z.object({ path: z.string() })) }),
});
type HealthAnswer = { status: string; checks: Record<string, { status: string; error?: string }> };
const openApiDocument = z.object({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
const operationWithBody = z.object({
  requestBody: z.object({
    required: z.boolean(),
    content: z.record(z.string(), z.object({ schema: z.object({ required: z.array(z.string()).optional() }) })),
  }),
});
const logLine = z.looseObject({
  msg: z.string().optional(),
  requestId: z.string().optional(),
  traceId: z.string().optional(),
  spanId: z.string().optional(),
});

const platform = kitPlatform;

const env = { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns' } as NodeJS.ProcessEnv;

async function ordersService(extraEnv: NodeJS.ProcessEnv = {}) {
  const svc = await createService({ platform, name: 'orders-api', env: { ...env, ...extraEnv } });
  svc.app.post(
    '/orders',
    {
      config: { auth: 'public' },
      schema: {
        body: z.object({ item: z.string().min(1), quantity: z.number().int().positive() }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (_req, reply) => reply.code(201).send({ id: 'o-1' }),
  );
  svc.app.get(
    '/orders/:id',
    { config: { auth: 'public' }, schema: { params: z.object({ id: z.string() }) } },
    async (req) => {
      throw new NotFoundError(`No order ${req.params.id}`);
    },
  );
  svc.app.get('/boom', { config: { auth: 'public' } }, async () => {
    throw new Error('secret internals');
  });
  return svc;
}

describe('createService', () => {
  it('answers an unknown route with 404 in the JSON error shape', async () => {
    const { app } = await ordersService();
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { error: { code: 'SVC_ERR_ROUTE_NOT_FOUND', message: 'No route for GET /nope' } });
  });

  it('answers a schema failure with 400 naming each failing field', async () => {
    const { app } = await ordersService();
    const res = await app.inject({ method: 'POST', url: '/orders', payload: { item: '', quantity: -1 } });
    assert.equal(res.statusCode, 400);
    const body = validationAnswer.parse(res.json());
    assert.equal(body.error.code, 'SVC_ERR_VALIDATION');
    assert.deepEqual(body.error.details.map((d) => d.path).sort(), ['body.item', 'body.quantity']);
  });

  it('answers malformed JSON with 400, a foreign media type with 415 and an oversized body with 413', async () => {
    const { app } = await ordersService();
    const bad = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"item":',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json<ErrorAnswer>().error.code, 'SVC_ERR_INVALID_JSON');
    const xml = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json<ErrorAnswer>().error.code, 'SVC_ERR_UNSUPPORTED_MEDIA_TYPE');
    const big = await app.inject({
      method: 'POST',
      url: '/orders',
      payload: { item: 'x'.repeat(1_100_000), quantity: 1 },
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json<ErrorAnswer>().error.code, 'SVC_ERR_BODY_TOO_LARGE');
  });

  it("answers a path the router cannot decode, or a path parameter past the router's limit, in the JSON error shape", async () => {
    const { app } = await ordersService();
    for (const url of ['/orders/%ZZ', '/orders/%C0%AF', '/orders/%']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assert.deepEqual(res.json(), {
        error: {
          code: 'SVC_ERR_BAD_URL',
          message: 'The URL path is not valid: a percent-escape in it does not decode to UTF-8',
        },
      });
    }
    const long = await app.inject({ method: 'GET', url: `/orders/${'a'.repeat(2000)}` });
    assert.equal(long.statusCode, 414);
    assert.equal(long.json<ErrorAnswer>().error.code, 'SVC_ERR_PATH_PARAMETER_TOO_LONG');
  });

  it('refuses text no store can keep (a NUL, an unpaired surrogate) in the body, the query or the path, naming the field, before the route runs', async () => {
    const svc = await ordersService();
    let reached = 0;
    svc.app.get(
      '/orders/search/:term',
      {
        config: { auth: 'public' },
        schema: { params: z.object({ term: z.string() }), querystring: z.object({ q: z.string().optional() }) },
      },
      async () => {
        reached++;
        return { items: [] };
      },
    );
    const post = (payload: string) =>
      svc.app.inject({ method: 'POST', url: '/orders', headers: { 'content-type': 'application/json' }, payload });
    const cases = [
      { res: await post('{"item":"a\\u0000b","quantity":1}'), path: 'body.item' },
      { res: await post('{"item":"half \\ud83d","quantity":1}'), path: 'body.item' },
      { res: await post('{"item":"ok","quantity":1,"extra":{"k\\u0000":1}}'), path: 'body.extra' },
      { res: await svc.app.inject({ method: 'GET', url: '/orders/search/x?q=a%00b' }), path: 'querystring.q' },
      { res: await svc.app.inject({ method: 'GET', url: '/orders/search/a%00b' }), path: 'params.term' },
    ];
    for (const { res, path } of cases) {
      assert.equal(res.statusCode, 400, res.body);
      const body = validationAnswer.parse(res.json());
      assert.equal(body.error.code, 'SVC_ERR_VALIDATION');
      assert.deepEqual(
        body.error.details.map((d) => d.path),
        [path],
      );
    }
    assert.equal(reached, 0, 'no route ran');
    assert.equal((await post('{"item":"caf\u00e9 🥐","quantity":1}')).statusCode, 201, 'any other text is taken');
  });

  it('answers a thrown ServiceError with its status and code', async () => {
    const { app } = await ordersService();
    const res = await app.inject({ method: 'GET', url: '/orders/42' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { error: { code: 'SVC_ERR_NOT_FOUND', message: 'No order 42' } });
  });

  it('hides an unexpected error behind a 500 without its message or stack', async () => {
    const { app } = await ordersService();
    const res = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json<ErrorAnswer>().error.code, 'SVC_ERR_INTERNAL');
    assert.ok(!res.body.includes('secret internals'));
  });

  it('reports 503 from /health and the prefix alias when a dependency check fails', async () => {
    const svc = await ordersService();
    let up = true;
    svc.addCheck({
      name: 'postgres',
      check: async () => {
        if (!up) throw new Error('connection refused');
      },
    });
    const ok = await svc.app.inject({ method: 'GET', url: '/health' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json<HealthAnswer>().checks.postgres?.status, 'ok');
    up = false;
    const down = await svc.app.inject({ method: 'GET', url: '/orders/health' });
    assert.equal(down.statusCode, 503);
    const unhealthy = down.json<HealthAnswer>();
    assert.equal(unhealthy.status, 'unavailable');
    assert.equal(unhealthy.checks.postgres?.error, 'connection refused');
  });

  it('counts requests per route pattern and status in /metrics', async () => {
    const { app } = await ordersService();
    await app.inject({ method: 'GET', url: '/orders/1' });
    await app.inject({ method: 'GET', url: '/orders/2' });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(text, /http_requests_total\{method="GET",route="\/orders\/:id",status="404",service="orders-api"\} 2/);
    assert.match(text, /http_request_duration_seconds_count\{[^}]*route="\/orders\/:id",status="404"\} 2/);
    // The quantiles CloudWatch's p99 reads; the /metrics request itself is not yet counted.
    assert.match(text, /http_request_latency_seconds\{quantile="0.99",service="orders-api"\} \d/);
    assert.match(text, /http_request_latency_seconds_count\{service="orders-api"\} 2/);
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const { app } = await ordersService();
    await app.ready();
    const doc = openApiDocument.parse((await app.inject({ method: 'GET', url: '/docs/json' })).json());
    assert.equal(doc.openapi, '3.1.0');
    const post = operationWithBody.parse(doc.paths['/orders']?.post);
    assert.deepEqual(post.requestBody.content['application/json']?.schema.required, ['item', 'quantity']);
    assert.ok(doc.paths['/health']?.get);
  });

  it('reads a missing or empty JSON body as none: an optional body takes it, a required one is a 400', async () => {
    const svc = await ordersService();
    svc.app.post(
      '/orders/:id/cancel',
      { config: { auth: 'public' }, schema: { body: z.object({ reason: z.string().optional() }).default({}) } },
      async (req) => ({ reason: req.body.reason ?? 'none' }),
    );
    const json = { 'content-type': 'application/json' };
    for (const headers of [{}, json]) {
      const cancel = await svc.app.inject({ method: 'POST', url: '/orders/1/cancel', headers });
      assert.equal(cancel.statusCode, 200, cancel.body);
      assert.deepEqual(cancel.json(), { reason: 'none' });
      const order = await svc.app.inject({ method: 'POST', url: '/orders', headers });
      assert.equal(order.statusCode, 400);
      assert.equal(order.json<{ error: { code: string } }>().error.code, 'SVC_ERR_VALIDATION');
    }
    const nul = await svc.app.inject({ method: 'POST', url: '/orders/1/cancel', headers: json, payload: 'null' });
    assert.equal(nul.statusCode, 400);
    assert.deepEqual(nul.json(), {
      error: {
        code: 'SVC_ERR_VALIDATION',
        message: 'Request validation failed',
        details: [{ path: 'body', message: 'must not be null' }],
      },
    });
    const poisoned = await svc.app.inject({
      method: 'POST',
      url: '/orders/1/cancel',
      headers: json,
      payload: '{"__proto__":{"reason":"x"}}',
    });
    assert.equal(poisoned.statusCode, 400);
    await svc.app.ready();
    const doc = openApiDocument.parse((await svc.app.inject({ method: 'GET', url: '/docs/json' })).json());
    assert.equal(operationWithBody.parse(doc.paths['/orders/{id}/cancel']?.post).requestBody.required, false);
    assert.equal(operationWithBody.parse(doc.paths['/orders']?.post).requestBody.required, true);
    assert.ok(!JSON.stringify(doc).includes('x-dwp-body-optional'));
  });

  it('answers 503 with Retry-After when a data store cannot be reached, and 500 for any other fault', async () => {
    const svc = await ordersService();
    svc.app.get('/orders/stored', { config: { auth: 'public' } }, async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    const down = await svc.app.inject({ method: 'GET', url: '/orders/stored' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.headers['retry-after'], '2');
    assert.deepEqual(down.json(), {
      error: { code: 'SVC_ERR_UNAVAILABLE', message: 'A data store is unavailable; try again shortly' },
    });
    const boom = await svc.app.inject({ method: 'GET', url: '/boom' });
    assert.equal(boom.statusCode, 500);
    assert.equal(boom.headers['retry-after'], undefined);
  });

  it('logs the request id and the trace id of an incoming traceparent, and echoes the request id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const svc = await createService({ platform, name: 'orders-api', env: { ...env, LOG_LEVEL: 'info' } });
    svc.app.get('/orders/trace', { config: { auth: 'public' } }, async (req) => {
      req.log.info('inside');
      return { traceId: req.trace.traceId };
    });
    // Capture logs by swapping the destination stream of the underlying pino logger.
    const pinoStream = Object.getOwnPropertySymbols(svc.app.log).find((s) => String(s) === 'Symbol(pino.stream)');
    assert.ok(pinoStream);
    (svc.app.log as unknown as Record<symbol, unknown>)[pinoStream] = sink;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await svc.app.inject({
      method: 'GET',
      url: '/orders/trace',
      headers: { 'x-request-id': 'req-123', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    assert.equal(res.headers['x-request-id'], 'req-123');
    assert.equal(res.json<{ traceId: string }>().traceId, traceId);
    const inside = lines.map((l) => logLine.parse(JSON.parse(l))).find((l) => l.msg === 'inside');
    assert.ok(inside, 'the route logged');
    assert.equal(inside.requestId, 'req-123');
    assert.equal(inside.traceId, traceId);
    assert.match(inside.spanId ?? '', /^[0-9a-f]{16}$/);
  });

  it('logs one line per answered request, without the query, and health checks only at debug', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const svc = await createService({ platform, name: 'orders-api', env: { ...env, LOG_LEVEL: 'info' } });
    svc.app.get('/orders/find', { config: { auth: 'public' } }, async () => ({ ok: true }));
    const pinoStream = Object.getOwnPropertySymbols(svc.app.log).find((s) => String(s) === 'Symbol(pino.stream)')!;
    (svc.app.log as unknown as Record<symbol, unknown>)[pinoStream] = sink;
    await svc.app.inject({
      method: 'GET',
      url: '/orders/find?postcode=LS6%201JQ',
      headers: { 'x-request-id': 'req-log-1' },
    });
    await svc.app.inject({ method: 'GET', url: '/health' });
    const logged = lines.map(
      (l) =>
        JSON.parse(l) as {
          msg: string;
          requestId?: string;
          method?: string;
          path?: string;
          status?: number;
          responseTimeMs?: number;
        },
    );
    const completed = logged.filter((l) => l.msg === 'request completed');
    assert.equal(completed.length, 1, `one line for the request, none for the health check at info: ${lines.join('')}`);
    assert.deepEqual(
      [completed[0]!.requestId, completed[0]!.method, completed[0]!.path, completed[0]!.status],
      ['req-log-1', 'GET', '/orders/find', 200],
    );
    assert.equal(typeof completed[0]!.responseTimeMs, 'number');
    assert.ok(!lines.join('').includes('LS6'), 'the query is not logged');
    assert.equal(logged.filter((l) => l.msg === 'incoming request').length, 0, "Fastify's own request lines are off");
  });

  it('refuses to start with a bad variable and names it', async () => {
    await assert.rejects(
      createService({
        platform,
        name: 'orders-api',
        env: { ...env, PORT: 'eighty', REGION: '' },
        config: z.object({ REGION: z.string().min(2) }),
      }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.variables.includes('PORT') &&
        err.variables.includes('REGION') &&
        /PORT/.test(err.message),
    );
  });

  it('refuses a service name the platform does not define', async () => {
    await assert.rejects(createService({ platform, name: 'ghost-api', env }), /no service "ghost-api"/);
  });

  it('finishes an in-flight request when stopped, then refuses new connections', async () => {
    const svc = await ordersService({ PORT: '0', HOST: '127.0.0.1' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    svc.app.get('/orders/slow', { config: { auth: 'public' } }, async () => {
      entered();
      await gate;
      return { done: true };
    });
    const { port } = await svc.start();
    const inflight = fetch(`http://127.0.0.1:${port}/orders/slow`).then((r) => r.json());
    await inside;
    const stopping = svc.app.close();
    release();
    assert.deepEqual(await inflight, { done: true });
    await stopping;
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));
  });
});
