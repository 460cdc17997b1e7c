/**
 * Two external gateway replicas sharing their outbound limits through Redis (REDIS_URL, as on
 * AWS with ElastiCache): callers spread over both replicas still never push Royal Mail past its
 * per-minute limit, counted at the sandbox. Uses the test Redis (@dwp/service-kit/testing/redis), as
 * the other Redis tests do.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { POSTCODES } from '@dwp/sandboxes';
import { royalMailSandbox } from '@dwp/dev-runtime';
import { testRedisUrl } from '@dwp/service-kit/testing/redis';
import { startExternalGateway, traffic, type ExternalGatewayHarness } from './external-gateway-harness.ts';
import { ifAssigned } from './fixtures/hooks.ts';

const REDIS_URL = testRedisUrl();
const route = dwp.gateways.external!.routes.find((r) => r.upstream === 'royal-mail')!;
const path = `/external/royal-mail/search/places/v1/postcode?postcode=${encodeURIComponent(POSTCODES[1]!)}`;

describe('two external gateway replicas sharing limits through Redis', () => {
  let h: ExternalGatewayHarness;

  before(async () => {
    h = await startExternalGateway({
      standIns: [royalMailSandbox],
      replicas: 2,
      gatewayEnv: { REDIS_URL, REDIS_KEY_PREFIX: `test:${randomUUID()}:` },
    });
  });

  after(async () => {
    await ifAssigned(h)?.stop();
  });

  it('never lets both replicas together send Royal Mail more than its per-minute limit', async () => {
    assert.equal(h.gatewayUrls.length, 2);
    const limit = route.rateLimit.requests;
    const asked = limit + 100;
    const byReplica = [new Map<number, number>(), new Map<number, number>()];
    let sent = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        while (sent < asked) {
          sent += 1;
          const replica = worker % 2;
          const res = await h.call(route.callers[0], path, {}, replica);
          await res.arrayBuffer();
          byReplica[replica]!.set(res.status, (byReplica[replica]!.get(res.status) ?? 0) + 1);
        }
      }),
    );
    const served = byReplica.reduce((n, m) => n + (m.get(200) ?? 0), 0);
    const limited = byReplica.reduce((n, m) => n + (m.get(429) ?? 0), 0);
    assert.ok(
      byReplica.every((m) => (m.get(200) ?? 0) > 0),
      'both replicas served calls',
    );
    assert.equal(served, limit);
    assert.equal(limited, asked - limit);
    const seen = await traffic(h.sandboxUrl('royal-mail-sandbox'));
    assert.equal(seen.total, limit);
    assert.equal(seen.maxInWindow, limit);
  });
});
