import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DiscoveryClient, NoHealthyInstanceError } from './discovery.ts';

describe('DiscoveryClient in registry mode', () => {
  let registry: Server;
  let url: string;
  let instances = [
    { id: 'claims-1', host: '127.0.0.1', port: 9001 },
    { id: 'claims-2', host: '127.0.0.1', port: 9002 },
  ];
  let answering = true;
  let rawAnswer: string | undefined;
  let lookups = 0;

  before(async () => {
    registry = createServer((req, res) => {
      lookups++;
      if (!answering) return res.writeHead(500).end();
      assert.equal(req.url, '/v1/services/claims-api/instances?healthy=true');
      res.writeHead(200, { 'content-type': 'application/json' }).end(rawAnswer ?? JSON.stringify({ instances }));
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  });
  after(() => registry.close());

  const client = (cacheMs = 0) =>
    new DiscoveryClient({
      mode: 'registry',
      registryUrl: url,
      namespace: 'dwp.local',
      ports: new Map(),
      cacheMs,
      env: {},
    });

  it('takes healthy instances round-robin', async () => {
    const c = client();
    const picks = [await c.pick('claims-api'), await c.pick('claims-api'), await c.pick('claims-api')].map((e) => e.id);
    assert.deepEqual(picks, ['claims-1', 'claims-2', 'claims-1']);
  });

  it('skips an instance that just failed while another is healthy', async () => {
    const c = client();
    const first = await c.pick('claims-api');
    c.reportFailure(first);
    for (let i = 0; i < 4; i++) assert.notEqual((await c.pick('claims-api')).id, first.id);
  });

  describe('with weights in the answer', () => {
    const weighted = [
      { id: 'blue-1', host: '127.0.0.1', port: 9001, revision: 1, weight: 45 },
      { id: 'blue-2', host: '127.0.0.1', port: 9002, revision: 1, weight: 45 },
      { id: 'green-1', host: '127.0.0.1', port: 9101, revision: 2, weight: 10 },
      { id: 'green-2', host: '127.0.0.1', port: 9102, revision: 2, weight: 0 },
    ];
    const withWeights = async <T>(run: () => Promise<T>): Promise<T> => {
      const saved = instances;
      instances = weighted;
      try {
        return await run();
      } finally {
        instances = saved;
      }
    };
    const counts = async (c: DiscoveryClient, n: number) => {
      const seen = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const id = (await c.pick('claims-api')).id;
        seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      return seen;
    };

    it('picks each instance by its share and never one whose weight is 0', async () => {
      const seen = await withWeights(() => counts(client(60_000), 500));
      assert.equal(seen.get('green-1'), 50);
      assert.equal(seen.get('green-2'), undefined);
      assert.equal((seen.get('blue-1') ?? 0) + (seen.get('blue-2') ?? 0), 450);
    });

    it('still skips an instance that failed to connect, by the others weights', async () => {
      const seen = await withWeights(async () => {
        const c = client(60_000);
        c.reportFailure((await c.instances('claims-api')).find((e) => e.id === 'blue-1')!);
        return counts(c, 100);
      });
      assert.equal(seen.get('blue-1'), undefined);
      assert.equal(seen.get('green-2'), undefined);
      assert.ok((seen.get('green-1') ?? 0) > 0 && (seen.get('blue-2') ?? 0) > (seen.get('green-1') ?? 0));
    });

    it('sends a retry after a green failure to the blue set', async () => {
      const retry = await withWeights(() => client(60_000).pick('claims-api', new Set(['green-1'])));
      assert.equal(retry.revision, 1);
    });
  });

  it('reuses a resolved list within the cache window', async () => {
    const c = client(60_000);
    const before = lookups;
    await Promise.all([c.pick('claims-api'), c.pick('claims-api'), c.pick('claims-api')]);
    assert.equal(lookups - before, 1);
  });

  it('keeps the last known list when the registry stops answering', async () => {
    const c = client();
    await c.pick('claims-api');
    answering = false;
    try {
      assert.equal((await c.instances('claims-api')).length, 2);
    } finally {
      answering = true;
    }
  });

  it('throws NoHealthyInstanceError when nothing is healthy', async () => {
    const saved = instances;
    instances = [];
    try {
      await assert.rejects(client().pick('claims-api'), (e: unknown) => {
        assert.ok(e instanceof NoHealthyInstanceError);
        assert.equal(e.code, 'SVC_ERR_NO_HEALTHY_INSTANCE');
        return true;
      });
    } finally {
      instances = saved;
    }
  });

  it('refuses a registry answer of the wrong shape with a clear error, not a TypeError', async () => {
    for (const answer of [
      'null',
      '{"instances":"claims-1"}',
      '{"instances":[{"id":"claims-1","port":9001}]}',
      'not json',
    ]) {
      rawAnswer = answer;
      try {
        await assert.rejects(client().pick('claims-api'), (e: unknown) => {
          assert.ok(e instanceof Error);
          assert.ok(!(e instanceof TypeError), `${answer}: ${e.message}`);
          assert.match(e.message, /registry answered an unexpected body for claims-api/);
          return true;
        });
      } finally {
        rawAnswer = undefined;
      }
    }
  });

  it('lets SERVICE_URL_<NAME> override discovery, as an internal ALB would', async () => {
    const c = new DiscoveryClient({
      mode: 'dns',
      namespace: 'dwp.local',
      ports: new Map(),
      env: { SERVICE_URL_CLAIMS_API: 'http://internal-alb.example:8081' },
    });
    const e = await c.pick('claims-api');
    assert.equal(e.origin, 'http://internal-alb.example:8081');
  });

  it('resolves the Cloud Map name with the definition port in dns mode', async () => {
    const c = new DiscoveryClient({
      mode: 'dns',
      namespace: 'localhost',
      ports: new Map([['claims-api', 8080]]),
      env: {},
    });
    assert.equal(c.dnsName('claims-api'), 'claims-api.localhost');
    const e = await c.pick('claims-api');
    assert.equal(e.port, 8080);
  });
});
