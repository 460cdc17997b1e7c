/**
 * The external gateway in one process against the real sandboxes (in-process servers): callers,
 * upstream credentials, outbound limits, retries, timeouts and the circuit breaker.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it, mock } from 'node:test';
import { definePlatform } from '@dwp/platform';
import {
  ServiceTokenSigner,
  SERVICE_TOKEN_HEADER,
  SIGNING_KEY_ENV,
  TRUSTED_KEYS_ENV,
  createService,
  generatePrincipalKeys,
  type PrincipalKeyPair,
} from '@dwp/service-kit';
import { POSTCODES, createHmrcSandbox, createRoyalMailSandbox } from '@dwp/sandboxes';
import type { FastifyInstance } from 'fastify';
import { importJWK } from 'jose';
import { z } from 'zod';
import { externalGatewayConfigSchema } from './config.ts';
import { registerExternalGateway } from './external-gateway.ts';

const svc = (name: string, calls: string[] = []) => ({
  name,
  tier: 'app' as const,
  cluster: 'app',
  port: 8080,
  cpu: 256,
  memory: 512,
  routes: [`/${name.split('-')[0]}/*`],
  tasks: { min: 1, max: 2 },
  calls,
});
const platform = definePlatform({
  name: 'egress',
  clusters: [{ name: 'app', tier: 'app' }],
  services: [svc('egress-gw'), svc('address-api', ['egress-gw']), svc('claims-api', ['egress-gw']), svc('web-api')],
  serviceDiscovery: {
    namespace: 'egress.local',
    healthCheck: { type: 'HTTP', path: '/health', intervalSeconds: 30, failureThreshold: 3 },
  },
  loadBalancing: {
    public: {
      name: 'alb',
      scheme: 'internet-facing',
      listeners: [{ port: 80, protocol: 'HTTP' }],
      targets: ['address-api'],
    },
    healthCheck: { path: '/health', intervalSeconds: 30, healthyThreshold: 2, unhealthyThreshold: 5 },
  },
  gateways: {
    external: {
      name: 'egress-api',
      service: 'egress-gw',
      routes: [
        {
          path: '/external/royal-mail/{proxy+}',
          methods: ['GET', 'POST'],
          upstream: 'royal-mail',
          auth: 'api-key',
          rateLimit: { requests: 5, perSeconds: 60 },
          callers: ['address-api'],
        },
        {
          path: '/external/hmrc/{proxy+}',
          methods: ['GET', 'POST'],
          upstream: 'hmrc',
          auth: 'oauth2-client-credentials',
          rateLimit: { requests: 50, perSeconds: 60 },
          callers: ['claims-api'],
        },
        {
          path: '/external/gov-verify/{proxy+}',
          methods: ['POST'],
          upstream: 'gov-verify',
          auth: 'saml2',
          rateLimit: { requests: 5, perSeconds: 60 },
          callers: ['address-api'],
        },
      ],
      circuitBreaker: { failureRatePercent: 50, openSeconds: 30, minimumCalls: 4, windowSeconds: 60 },
      retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 1, maxDelayMs: 5 },
      timeoutMs: 300,
    },
  },
  environments: [{ name: 'prod' }],
  deployment: { strategy: 'rolling' },
});

/** The gateway's error shape, as far as these tests read it. */
const ErrorBody = z.object({ error: z.object({ code: z.string() }) });
const Status = z.object({
  upstreams: z.array(z.object({ upstream: z.string(), circuit: z.object({ state: z.string() }) })),
});
const Places = z.object({ results: z.array(z.object({ DPA: z.object({ POSTCODE: z.string() }) })) });

const API_KEY = 'rm-test-key';
const HMRC = { clientId: 'dwp', clientSecret: 'hmrc-secret' };
const royalMail = createRoyalMailSandbox({ apiKey: API_KEY, logLevel: 'silent' });
const hmrc = createHmrcSandbox({ ...HMRC, logLevel: 'silent' });
const keys = new Map<string, PrincipalKeyPair>();
const signers = new Map<string, ServiceTokenSigner>();
let env: NodeJS.ProcessEnv;

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

before(async () => {
  for (const p of ['egress-gw', 'address-api', 'claims-api', 'web-api']) keys.set(p, await generatePrincipalKeys(p));
  for (const p of ['address-api', 'claims-api', 'web-api'])
    signers.set(p, new ServiceTokenSigner({ kid: p, key: await importJWK(keys.get(p)!.privateJwk, 'EdDSA') }));
  const [rm, hm] = await Promise.all([listen(royalMail.app), listen(hmrc.app)]);
  env = {
    LOG_LEVEL: 'silent',
    DISCOVERY_MODE: 'dns',
    [SIGNING_KEY_ENV]: JSON.stringify(keys.get('egress-gw')!.privateJwk),
    [TRUSTED_KEYS_ENV]: JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) }),
    ROYAL_MAIL_URL: rm,
    ROYAL_MAIL_API_KEY: API_KEY,
    HMRC_URL: hm,
    HMRC_TOKEN_URL: `${hm}/oauth/token`,
    HMRC_CLIENT_ID: HMRC.clientId,
    HMRC_CLIENT_SECRET: HMRC.clientSecret,
  };
});

after(async () => {
  await Promise.all([royalMail.app.close(), hmrc.app.close()]);
});

afterEach(() => {
  royalMail.faults.reset();
  royalMail.traffic.clear();
  hmrc.traffic.clear();
  mock.timers.reset();
});

async function gateway() {
  const s = await createService({ platform, name: 'egress-gw', env, config: externalGatewayConfigSchema });
  await registerExternalGateway(s, { platform, env });
  await s.app.ready();
  return s.app;
}

async function as(
  caller: string | undefined,
  app: Awaited<ReturnType<typeof gateway>>,
  opts: { method?: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string },
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (caller) headers[SERVICE_TOKEN_HEADER] = await signers.get(caller)!.sign('egress-gw');
  return app.inject({
    method: opts.method ?? 'GET',
    url: opts.url,
    headers,
    ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
  });
}

const postcodeUrl = `/external/royal-mail/search/places/v1/postcode?postcode=${encodeURIComponent(POSTCODES[0]!)}`;

describe('external gateway', () => {
  it('passes an allowed caller to the upstream with the API key added, and returns its answer', async () => {
    const app = await gateway();
    const res = await as('address-api', app, { url: postcodeUrl });
    assert.equal(res.statusCode, 200);
    assert.equal(Places.parse(res.json()).results[0]?.DPA.POSTCODE, POSTCODES[0]);
  });

  it('refuses a platform service that the route does not name with 403 in the error shape', async () => {
    const app = await gateway();
    const res = await as('claims-api', app, { url: postcodeUrl });
    assert.equal(res.statusCode, 403);
    assert.equal(ErrorBody.parse(res.json()).error.code, 'EXT_ERR_CALLER_NOT_ALLOWED');
    assert.equal(royalMail.traffic.summary(60_000).total, 0);
  });

  it('refuses a service the definition does not let call the gateway, and a call without a service token', async () => {
    const app = await gateway();
    assert.equal((await as('web-api', app, { url: postcodeUrl })).statusCode, 403);
    assert.equal((await as(undefined, app, { url: postcodeUrl })).statusCode, 401);
  });

  it('answers a method the route does not take with 405 and Allow', async () => {
    const app = await gateway();
    const res = await as('address-api', app, { method: 'GET', url: '/external/gov-verify/SAML2/SSO' });
    assert.equal(res.statusCode, 405);
    assert.equal(res.headers.allow, 'POST');
    assert.equal(ErrorBody.parse(res.json()).error.code, 'EXT_ERR_METHOD_NOT_ALLOWED');
  });

  it('refuses a path that climbs out of the upstream, or names none, with 400', async () => {
    const app = await gateway();
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const token = await signers.get('address-api')!.sign('egress-gw');
      for (const path of [
        '/external/royal-mail/a/../../b',
        '/external/royal-mail/a/%2e%2e/b',
        '/external/royal-mail/%2E/x',
        '/external/royal-mail/',
      ]) {
        // A raw request: fetch and inject would tidy the dot segments away before sending.
        const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port: (app.server.address() as AddressInfo).port,
              path,
              headers: { [SERVICE_TOKEN_HEADER]: token },
            },
            (res) => {
              let text = '';
              res.on('data', (c: Buffer) => {
                text += c.toString();
              });
              res.on('end', () => {
                resolve({ status: res.statusCode!, body: text });
              });
            },
          );
          req.on('error', reject);
          req.end();
        });
        assert.equal(status, 400, path);
        assert.equal(ErrorBody.parse(JSON.parse(body)).error.code, 'EXT_ERR_PATH_INVALID');
      }
      assert.equal(royalMail.traffic.summary(60_000).total, 0);
    } finally {
      await app.close();
    }
  });

  it('answers a route whose upstream is not configured with 503', async () => {
    const app = await gateway();
    const res = await as('address-api', app, {
      method: 'POST',
      url: '/external/gov-verify/SAML2/SSO',
      payload: 'SAMLRequest=x',
    });
    assert.equal(res.statusCode, 503);
    assert.equal(ErrorBody.parse(res.json()).error.code, 'EXT_ERR_UPSTREAM_NOT_CONFIGURED');
  });

  it('fetches one HMRC client-credentials token for many calls', async () => {
    const app = await gateway();
    const url = '/external/hmrc/individuals/income/paye?nino=AB123456B&fromDate=2024-04-01';
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        as('claims-api', app, { url, headers: { accept: 'application/vnd.hmrc.2.0+json' } }),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      Array(8).fill(200),
    );
    assert.equal(hmrc.traffic.summary(60_000).byRoute['/oauth/token'], 1);
  });

  it('answers 429 with Retry-After once the per-minute limit is spent, and the upstream sees no more than the limit', async () => {
    const app = await gateway();
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await as('address-api', app, { url: postcodeUrl }));
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 200, 200, 200, 200, 429, 429, 429],
    );
    assert.equal(ErrorBody.parse(answers[5]!.json()).error.code, 'EXT_ERR_RATE_LIMITED');
    const retryAfter = Number(answers[5]!.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    assert.equal(royalMail.traffic.summary(60_000).maxInWindow, 5);
  });

  it("retries an idempotent call that failed and returns a later attempt's answer", async () => {
    const app = await gateway();
    royalMail.faults.set({ errorRate: 0.5 });
    const res = await as('address-api', app, { url: postcodeUrl });
    assert.equal(res.statusCode, 200);
    assert.equal(royalMail.traffic.summary(60_000).total, 2);
  });

  it('does not repeat a POST without an Idempotency-Key, and does with one', async () => {
    const app = await gateway();
    royalMail.faults.set({ errorRate: 0.5 });
    const once = await as('address-api', app, {
      method: 'POST',
      url: '/external/royal-mail/search/places/v1/match',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(once.statusCode, 503);
    assert.equal(royalMail.traffic.summary(60_000).total, 1);
    royalMail.faults.set({ errorRate: 0.5 });
    const keyed = await as('address-api', app, {
      method: 'POST',
      url: '/external/royal-mail/search/places/v1/match',
      payload: '{}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
    });
    assert.equal(keyed.statusCode, 404);
    assert.equal(royalMail.traffic.summary(60_000).total, 3);
  });

  it('answers 504 when the upstream is slower than the per-call timeout', async () => {
    const app = await gateway();
    royalMail.faults.set({ latencyMs: 1000 });
    const res = await as('address-api', app, {
      method: 'POST',
      url: '/external/royal-mail/search/places/v1/match',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 504);
    assert.equal(ErrorBody.parse(res.json()).error.code, 'EXT_ERR_UPSTREAM_TIMEOUT');
  });

  it('answers 502 when the upstream closes the connection without an answer', async () => {
    const app = await gateway();
    royalMail.faults.set({ down: true });
    const res = await as('address-api', app, {
      method: 'POST',
      url: '/external/royal-mail/search/places/v1/match',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 502);
    assert.equal(ErrorBody.parse(res.json()).error.code, 'EXT_ERR_UPSTREAM_UNREACHABLE');
  });

  it('opens the circuit when half the calls fail, fails fast with 503 and Retry-After, and closes after a good probe once the open period has passed', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const app = await gateway();
    const post = () =>
      as('address-api', app, {
        method: 'POST',
        url: '/external/royal-mail/search/places/v1/match',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      });
    royalMail.faults.set({ errorRate: 1 });
    for (let i = 0; i < 4; i++) assert.equal((await post()).statusCode, 503);
    const seen = royalMail.traffic.summary(60_000).total;
    const fast = await post();
    assert.equal(fast.statusCode, 503);
    assert.equal(ErrorBody.parse(fast.json()).error.code, 'EXT_ERR_CIRCUIT_OPEN');
    assert.equal(fast.headers['retry-after'], '30');
    assert.equal(royalMail.traffic.summary(60_000).total, seen, 'no call reached the upstream while open');
    const status = Status.parse((await app.inject({ url: '/external/status' })).json());
    assert.equal(status.upstreams.find((u) => u.upstream === 'royal-mail')?.circuit.state, 'open');
    assert.match(
      (await app.inject({ url: '/metrics' })).body,
      /external_upstream_circuit_state\{[^}]*upstream="royal-mail"[^}]*\} 2/,
    );

    royalMail.faults.reset();
    mock.timers.tick(29_000);
    assert.equal(ErrorBody.parse((await post()).json()).error.code, 'EXT_ERR_CIRCUIT_OPEN');
    mock.timers.tick(1_000);
    assert.equal((await post()).statusCode, 404, 'the probe reaches the upstream');
    assert.equal(
      Status.parse((await app.inject({ url: '/external/status' })).json()).upstreams[0]?.circuit.state,
      'closed',
    );
  });
});
