import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Endpoint } from './discovery.ts';
import { Forwarder, type Upstream } from './forward.ts';

/** An instance that answers every request with a fixed status and counts what it was sent. */
async function instance(id: string, status: number): Promise<{ server: Server; endpoint: Endpoint; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.method ?? '');
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ from: id }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, seen, endpoint: { id, host: '127.0.0.1', port, origin: `http://127.0.0.1:${port}` } };
}

/** Offers the instances in order, skipping those already tried for the request. */
function upstreamOf(...endpoints: Endpoint[]): Upstream {
  return {
    pick: async (exclude) => {
      const e = endpoints.find((x) => !exclude.has(x.id));
      if (!e) throw new Error('no healthy instance');
      return e;
    },
    reportFailure: () => undefined,
  };
}

describe('Forwarder after a 502 or 503 answer', () => {
  let failing: Awaited<ReturnType<typeof instance>>;
  let failing2: Awaited<ReturnType<typeof instance>>;
  let healthy: Awaited<ReturnType<typeof instance>>;
  const forwarder = new Forwarder();

  before(async () => {
    [failing, failing2, healthy] = await Promise.all([
      instance('green-1', 503),
      instance('green-2', 502),
      instance('blue-1', 200),
    ]);
  });
  after(async () => {
    await forwarder.close();
    for (const i of [failing, failing2, healthy]) i.server.close();
  });

  const reset = () => {
    for (const i of [failing, failing2, healthy]) i.seen.length = 0;
  };
  const send = (upstream: Upstream, method: string, headers: Record<string, string> = {}) =>
    forwarder.forward(upstream, {
      method,
      path: '/claims',
      headers,
      ...(method === 'POST' ? { body: Buffer.from('{}') } : {}),
    });

  it('replays a GET once on another instance and answers with what that one said', async () => {
    reset();
    const result = await send(upstreamOf(failing.endpoint, healthy.endpoint), 'GET');
    assert.ok(result.kind === 'response', result.kind);
    assert.equal(result.response.statusCode, 200);
    assert.equal(result.endpoint.id, 'blue-1');
    assert.equal(result.attempts, 2);
    assert.deepEqual(await result.response.body.json(), { from: 'blue-1' });
    assert.deepEqual([failing.seen, healthy.seen], [['GET'], ['GET']]);
  });

  it('replays a GET only once: a second 5xx is the answer', async () => {
    reset();
    const result = await send(upstreamOf(failing.endpoint, failing2.endpoint, healthy.endpoint), 'HEAD');
    assert.ok(result.kind === 'response');
    assert.equal(result.response.statusCode, 502);
    await result.response.body.dump();
    assert.equal(healthy.seen.length, 0);
  });

  it("answers with the first instance's 503 when the other one cannot be reached", async () => {
    reset();
    const gone = await instance('gone-1', 200);
    await new Promise<void>((r) => {
      gone.server.close(() => {
        r();
      });
    });
    const result = await send(upstreamOf(failing.endpoint, gone.endpoint), 'GET');
    assert.ok(result.kind === 'response', result.kind);
    assert.equal(result.response.statusCode, 503);
    assert.equal(result.endpoint.id, 'green-1');
    assert.deepEqual(await result.response.body.json(), { from: 'green-1' });
  });

  it('answers with the 503 when no other instance is there to ask', async () => {
    reset();
    const result = await send(upstreamOf(failing.endpoint), 'GET');
    assert.ok(result.kind === 'response');
    assert.equal(result.response.statusCode, 503);
    assert.deepEqual(await result.response.body.json(), { from: 'green-1' });
  });

  it('replays a PUT and a keyed POST on another instance, never a POST without a key', async () => {
    reset();
    for (const [method, headers] of [
      ['PUT', {}],
      ['POST', { 'idempotency-key': 'k-1' }],
    ] as const) {
      const result = await send(upstreamOf(failing.endpoint, healthy.endpoint), method, headers);
      assert.ok(result.kind === 'response');
      assert.equal(result.response.statusCode, 200, method);
      await result.response.body.dump();
    }
    assert.deepEqual([failing.seen.length, healthy.seen.length], [2, 2]);
    reset();
    const plain = await send(upstreamOf(failing.endpoint, healthy.endpoint), 'POST');
    assert.ok(plain.kind === 'response');
    assert.equal(plain.response.statusCode, 503);
    await plain.response.body.dump();
    assert.deepEqual([failing.seen.length, healthy.seen.length], [1, 0]);
  });

  it('does not replay other 5xx answers', async () => {
    const broken = await instance('broken', 500);
    try {
      const result = await send(upstreamOf(broken.endpoint, healthy.endpoint), 'GET');
      assert.ok(result.kind === 'response');
      assert.equal(result.response.statusCode, 500);
      await result.response.body.dump();
    } finally {
      broken.server.close();
    }
  });

  it('can be told not to replay at all', async () => {
    const strict = new Forwarder({ maxStatusReplays: 0 });
    try {
      const result = await strict.forward(upstreamOf(failing.endpoint, healthy.endpoint), {
        method: 'GET',
        path: '/',
        headers: {},
      });
      assert.ok(result.kind === 'response');
      assert.equal(result.response.statusCode, 503);
      await result.response.body.dump();
    } finally {
      await strict.close();
    }
    assert.throws(() => new Forwarder({ maxStatusReplays: -1 }), TypeError);
  });
});
