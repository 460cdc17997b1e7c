import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '@dwp/clock';
import { dwp } from '@dwp/platforms/dwp';
import { CanaryRouter, routingSnapshotSchema } from './canary-router.ts';

/** Deterministic draws spread evenly over [0, 1). */
function evenDraws(n: number): () => number {
  let i = 0;
  return () => (i++ % n) / n;
}

describe('CanaryRouter with the DWP stage canary (10 %)', () => {
  const percentTraffic = dwp.gateways.primary!.canary!.percentTraffic;

  it('sends everything to the stable version when no canary runs', () => {
    const router = new CanaryRouter({ percentTraffic });
    assert.equal(router.targetFor('claims-api'), 'claims-api');
  });

  it("sends 10 % of a service's requests to its canary version", () => {
    const router = new CanaryRouter({ percentTraffic, random: evenDraws(1000) });
    router.start('claims-api');
    const targets = Array.from({ length: 1000 }, () => router.targetFor('claims-api'));
    assert.equal(targets.filter((t) => t === 'claims-api-canary').length, 100);
    assert.equal(router.targetFor('benefits-api'), 'benefits-api');
  });

  it('promotes the canary to stable and rolls a canary back, each at once', () => {
    const router = new CanaryRouter({ percentTraffic, random: () => 0.99 });
    router.start('claims-api', { percent: 50 });
    assert.equal(router.targetFor('claims-api'), 'claims-api');
    assert.deepEqual(router.promote('claims-api'), { kind: 'stable', target: 'claims-api-canary' });
    assert.equal(router.targetFor('claims-api'), 'claims-api-canary');

    const other = new CanaryRouter({ percentTraffic, random: () => 0 });
    other.start('claims-api', { percent: 100 });
    assert.equal(other.targetFor('claims-api'), 'claims-api-canary');
    other.rollback('claims-api');
    assert.equal(other.targetFor('claims-api'), 'claims-api');
    assert.deepEqual(other.snapshot(), {});
  });

  it('refuses to promote or roll back when no canary runs, with a coded error', () => {
    const router = new CanaryRouter({ percentTraffic });
    assert.throws(() => router.promote('claims-api'), { code: 'GW_ERR_CANARY_STATE' });
    assert.throws(() => router.rollback('claims-api'), { code: 'GW_ERR_CANARY_STATE' });
  });

  it('refuses a share outside 0-100', () => {
    assert.throws(() => new CanaryRouter({ percentTraffic: 101 }), { code: 'GW_ERR_OPTION_INVALID' });
    assert.throws(() => new CanaryRouter({ percentTraffic }).start('claims-api', { percent: -1 }), {
      code: 'GW_ERR_OPTION_INVALID',
    });
  });

  it("restores another replica's routing from a snapshot, with the time the canary started", () => {
    const a = new CanaryRouter({ percentTraffic, random: () => 0, clock: new FakeClock(Date.UTC(2026, 2, 3, 10)) });
    a.start('claims-api');
    const b = new CanaryRouter({ percentTraffic, random: () => 0 });
    b.restore(routingSnapshotSchema.parse(JSON.parse(JSON.stringify(a.snapshot()))));
    assert.equal(b.targetFor('claims-api'), 'claims-api-canary');
    assert.deepEqual(b.routingOf('claims-api'), {
      kind: 'canary',
      target: 'claims-api',
      canaryTarget: 'claims-api-canary',
      percent: percentTraffic,
      since: '2026-03-03T10:00:00.000Z',
    });
  });

  it('refuses a snapshot of the wrong shape', () => {
    assert.equal(
      routingSnapshotSchema.safeParse({ 'claims-api': { kind: 'canary', target: 'claims-api' } }).success,
      false,
    );
  });
});
