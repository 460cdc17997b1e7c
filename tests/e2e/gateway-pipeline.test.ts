/**
 * The primary gateway as its own process (the same runGateway as local/api-gateway), in front of a
 * real service process, checked from outside over HTTP: API Gateway's throttling worked examples,
 * usage plans, the cache, request validation, canary control, compression, header removal and
 * metrics. A second pair of gateway processes shares Redis to show limits hold across replicas.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Pool, request } from 'undici';
import { PARTNER_QUOTA } from './fixtures/gateway-test-constants.ts';
import { testRedisUrl } from '@dwp/service-kit/testing/redis';
import { startFixture, type Started } from './fixtures/processes.ts';
import { ifAssigned } from './fixtures/hooks.ts';

const REDIS_URL = testRedisUrl();
const PARTNER_KEY = `pk-${randomUUID()}`;

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

async function call(
  url: string,
  init: { method?: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const res = await request(url, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}
const json = (a: Answer) => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;

/** Sends `n` requests over a connection pool (`workers` in flight) and counts answers by status. */
async function burst(origins: readonly string[], path: string, n: number, workers = 64): Promise<Map<number, number>> {
  const pools = origins.map((o) => new Pool(o, { connections: workers }));
  const counts = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < n) {
        const i = next++;
        const res = await pools[i % pools.length]!.request({ path, method: 'GET' });
        await res.body.dump();
        counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
      }
    }),
  );
  await Promise.all(pools.map((p) => p.close()));
  return counts;
}

describe('the primary gateway process', () => {
  let stable: Started;
  let canary: Started;
  let gateway: Started;
  const api = (path: string) => `${gateway.url}/api${path}`;
  const upstreamCalls = async () => json(await call(`${stable.url}/address/calls`)).calls as number;

  before(async () => {
    [stable, canary] = await Promise.all([
      startFixture('upstream-service.ts', { VERSION: 'stable' }),
      startFixture('upstream-service.ts', { VERSION: 'canary' }),
    ]);
    gateway = await startFixture('gateway-under-test.ts', {
      SERVICE_URL_ADDRESS_API: stable.url,
      SERVICE_URL_ADDRESS_API_CANARY: canary.url,
      API_KEY_PARTNER_ONE: PARTNER_KEY,
    });
  });
  after(async () => {
    await Promise.all([ifAssigned(gateway)?.stop(), ifAssigned(stable)?.stop(), ifAssigned(canary)?.stop()]);
  });

  it("answers an unknown resource with API Gateway's 404 and routes a known one to its service", async () => {
    const unknown = await call(api('/pensions/1'));
    assert.equal(unknown.status, 404);
    assert.deepEqual(json(unknown), { message: 'Missing Authentication Token' });
    const ok = await call(api('/address/lookup?postcode=SW1A%201AA'));
    assert.equal(ok.status, 200);
    assert.equal(json(ok).postcode, 'SW1A 1AA');
  });

  it('removes x-powered-by, server and x-dwp-* headers from the answer', async () => {
    const a = await call(api('/address/lookup?postcode=EH1%201YZ'));
    assert.equal(a.status, 200);
    for (const h of ['x-powered-by', 'server', 'x-dwp-internal']) assert.equal(a.headers[h], undefined, h);
  });

  it("answers a repeated GET from the cache and never gives one caller another caller's answer", async () => {
    const url = api('/address/lookup?postcode=M1%201AE');
    const before = await upstreamCalls();
    const alice1 = await call(url, { headers: { authorization: 'Bearer alice' } });
    const alice2 = await call(url, { headers: { authorization: 'Bearer alice' } });
    const bob = await call(url, { headers: { authorization: 'Bearer bob' } });
    assert.deepEqual(
      [alice1.headers['x-cache'], alice2.headers['x-cache'], bob.headers['x-cache']],
      ['Miss', 'Hit', 'Miss'],
    );
    assert.equal(json(alice2).authorization, 'Bearer alice');
    assert.equal(json(bob).authorization, 'Bearer bob');
    assert.equal(json(alice1).call, json(alice2).call);
    assert.equal((await upstreamCalls()) - before, 2);
  });

  it('keys the cache on the query string too', async () => {
    const a = await call(api('/address/lookup?postcode=B33%208TH'));
    const b = await call(api('/address/lookup?postcode=CR2%206XH'));
    assert.deepEqual([a.headers['x-cache'], b.headers['x-cache']], ['Miss', 'Miss']);
    assert.notEqual(json(a).postcode, json(b).postcode);
  });

  it('drops an entry on Cache-Control: max-age=0 from an authorised caller, and ignores it from an anonymous one', async () => {
    const url = api('/address/lookup?postcode=W1A%200AX');
    await call(url, { headers: { authorization: 'Bearer carol' } });
    const fresh = await call(url, { headers: { authorization: 'Bearer carol', 'cache-control': 'max-age=0' } });
    assert.equal(fresh.headers['x-cache'], 'Miss');
    await call(url);
    const anon = await call(url, { headers: { 'cache-control': 'max-age=0' } });
    assert.equal(anon.headers['x-cache'], 'Hit');
  });

  it('bypasses the cache for POST and for the health resource', async () => {
    const post = await call(api('/address/validate'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ line1: '1 High St', postcode: 'SW1A 1AA' }),
    });
    assert.equal(post.status, 200);
    assert.equal(post.headers['x-cache'], 'Bypass');
    assert.equal((await call(api('/address/health'))).headers['x-cache'], 'Bypass');
  });

  it("refuses a request that breaks the service's OpenAPI schema with 400 naming the fields, without calling the service", async () => {
    const before = await upstreamCalls();
    const badQuery = await call(api('/address/lookup?postcode=not-a-postcode'));
    assert.equal(badQuery.status, 400);
    assert.deepEqual(
      (json(badQuery).error as { details: Array<{ path: string }> }).details.map((d) => d.path),
      ['querystring.postcode'],
    );
    const badBody = await call(api('/address/validate'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ line1: '', postcode: 'nope' }),
    });
    assert.equal(badBody.status, 400);
    const err = json(badBody).error as { code: string; details: Array<{ path: string }> };
    assert.equal(err.code, 'GW_ERR_REQUEST_VALIDATION');
    assert.deepEqual(err.details.map((d) => d.path).sort(), ['body.line1', 'body.postcode']);
    assert.equal(await upstreamCalls(), before);
  });

  it('compresses a large JSON answer with br or gzip as the caller accepts, and leaves it plain otherwise', async () => {
    const br = await call(api('/address/big'), { headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal((JSON.parse(brotliDecompressSync(br.body).toString()) as { lines: string[] }).lines.length, 200);
    const gz = await call(api('/address/big'), { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(gz.body).toString()) as { lines: string[] }).lines.length, 200);
    const plain = await call(api('/address/big'));
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal((JSON.parse(plain.body.toString()) as { lines: string[] }).lines.length, 200);
  });

  it("forbids a key-required method without a valid API key, and enforces the usage plan's quota with 429 Limit Exceeded", async () => {
    const none = await call(api('/address/partner/usage'));
    assert.equal(none.status, 403);
    assert.deepEqual(json(none), { message: 'Forbidden' });
    assert.equal((await call(api('/address/partner/usage'), { headers: { 'x-api-key': 'wrong' } })).status, 403);
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < PARTNER_QUOTA + 1; i++) {
      last = await call(api('/address/partner/usage'), { headers: { 'x-api-key': PARTNER_KEY } });
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...new Array<number>(PARTNER_QUOTA).fill(200), 429]);
    assert.deepEqual(json(last!), { message: 'Limit Exceeded' });
    assert.ok(Number(last!.headers['retry-after']) >= 1);
  });

  it("sends about 10 % of a service's traffic to its canary version, then all of it on promotion, and none on rollback", async () => {
    const versions = async (n: number) => {
      const seen = { stable: 0, canary: 0 };
      for (let i = 0; i < n; i++) {
        const a = await call(api('/address/validate'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ line1: '1 High St', postcode: 'SW1A 1AA' }),
        });
        seen[json(a).version as 'stable' | 'canary']++;
      }
      return seen;
    };
    const started = await call(`${gateway.url}/_gateway/canary/address-api`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(started.status, 200);
    assert.deepEqual((json(started).routing as { percent: number }).percent, 10);
    const split = await versions(600);
    // Binomial(600, 0.1): mean 60, sd 7.3; 25..105 is beyond 4.5 sd either side.
    assert.ok(split.canary >= 25 && split.canary <= 105, JSON.stringify(split));

    assert.equal((await call(`${gateway.url}/_gateway/canary/address-api/rollback`, { method: 'POST' })).status, 200);
    assert.deepEqual(await versions(20), { stable: 20, canary: 0 });

    await call(`${gateway.url}/_gateway/canary/address-api`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"percent":50}',
    });
    assert.equal((await call(`${gateway.url}/_gateway/canary/address-api/promote`, { method: 'POST' })).status, 200);
    assert.deepEqual(await versions(20), { stable: 0, canary: 20 });
    const none = await call(`${gateway.url}/_gateway/canary/address-api/promote`, { method: 'POST' });
    assert.equal(none.status, 409);
  });

  it("publishes API Gateway's metrics: count, latency, integration latency, 4xx, 5xx, cache hits and misses, throttles", async () => {
    const text = (await call(`${gateway.url}/metrics`)).body.toString();
    for (const name of [
      'apigateway_count_total',
      'apigateway_latency_seconds_bucket',
      'apigateway_integration_latency_seconds_bucket',
      'apigateway_4xx_error_total',
      'apigateway_cache_hit_total',
      'apigateway_cache_miss_total',
      'apigateway_throttled_total{',
    ]) {
      assert.ok(text.includes(name), name);
    }
    const quota = text
      .split('\n')
      .filter((l) => l.startsWith('apigateway_throttled_total{') && l.includes('level="quota"'));
    assert.deepEqual(
      quota.map((l) => l.split(' ').at(-1)),
      ['1'],
    );
  });
});

describe('API Gateway throttling worked examples through the gateway process (rate 10000 rps, burst 5000)', () => {
  let upstream: Started;
  let gateway: Started;
  before(async () => {
    upstream = await startFixture('upstream-service.ts', {});
    gateway = await startFixture('gateway-under-test.ts', { SERVICE_URL_ADDRESS_API: upstream.url, FAKE_CLOCK: '1' });
  });
  after(async () => {
    await Promise.all([ifAssigned(gateway)?.stop(), ifAssigned(upstream)?.stop()]);
  });
  const PATH = '/api/address/lookup?postcode=SW1A%201AA';

  it('serves 5000 of 10000 requests sent in the first millisecond and answers the rest 429 Too Many Requests', async () => {
    await gateway.send({ clock: 0 }, 'clockSet');
    const counts = await burst([gateway.url], PATH, 10_000);
    assert.deepEqual(Object.fromEntries(counts), { 200: 5000, 429: 5000 });
    const refused = await call(`${gateway.url}${PATH}`);
    assert.equal(refused.status, 429);
    assert.deepEqual(json(refused), { message: 'Too Many Requests' });
    assert.equal(refused.headers['retry-after'], '1');
  });

  it('serves 6000 when 5000 arrive in the first millisecond and 5000 in the 101st', async () => {
    await gateway.send({ clock: 10_001 }, 'clockSet'); // long after the first example: the bucket is full again
    const first = await burst([gateway.url], PATH, 5000);
    await gateway.send({ clock: 10_101 }, 'clockSet');
    const second = await burst([gateway.url], PATH, 5000);
    assert.deepEqual(
      [first.get(200), second.get(200), (first.get(200) ?? 0) + (second.get(200) ?? 0)],
      [5000, 1000, 6000],
    );
  });
});

describe('two gateway replicas sharing limits through Redis', () => {
  let upstream: Started;
  let one: Started;
  let two: Started;
  before(async () => {
    upstream = await startFixture('upstream-service.ts', {});
    const env = {
      SERVICE_URL_ADDRESS_API: upstream.url,
      FAKE_CLOCK: '1',
      REDIS_URL,
      REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    };
    [one, two] = await Promise.all([
      startFixture('gateway-under-test.ts', env),
      startFixture('gateway-under-test.ts', env),
    ]);
  });
  after(async () => {
    await Promise.all([ifAssigned(one)?.stop(), ifAssigned(two)?.stop(), ifAssigned(upstream)?.stop()]);
  });

  it('admits 5000 of 10000 requests split across both replicas in the same millisecond, not 5000 each', async () => {
    await Promise.all([one.send({ clock: 0 }, 'clockSet'), two.send({ clock: 0 }, 'clockSet')]);
    const counts = await burst([one.url, two.url], '/api/address/lookup?postcode=SW1A%201AA', 10_000);
    assert.deepEqual(Object.fromEntries(counts), { 200: 5000, 429: 5000 });
  });

  it('shares cache entries between replicas', async () => {
    await Promise.all([one.send({ clock: 10_000 }, 'clockSet'), two.send({ clock: 10_000 }, 'clockSet')]);
    const url = '/api/address/lookup?postcode=LS1%204AP';
    const a = await call(`${one.url}${url}`, { headers: { authorization: 'Bearer dana' } });
    const b = await call(`${two.url}${url}`, { headers: { authorization: 'Bearer dana' } });
    assert.deepEqual([a.headers['x-cache'], b.headers['x-cache']], ['Miss', 'Hit']);
  });
});
