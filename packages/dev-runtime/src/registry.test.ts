import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from './registry.ts';

function registryWith(n: number): Registry {
  const r = new Registry({ healthy: 2, unhealthy: 3 });
  for (let i = 1; i <= n; i++) {
    r.register({ id: `claims-${i}`, service: 'claims-api', host: '127.0.0.1', port: 9000 + i });
    r.record(`claims-${i}`, { kind: 'process-started', at: 0 });
    r.record(`claims-${i}`, { kind: 'check-passed', at: 1 });
  }
  return r;
}

describe('registry balancing', () => {
  it('round-robins over healthy instances', () => {
    const r = registryWith(3);
    assert.deepEqual(
      [1, 2, 3, 4].map(() => r.next('claims-api')?.id),
      ['claims-1', 'claims-2', 'claims-3', 'claims-1'],
    );
  });

  it('never picks an instance that is not healthy', () => {
    const r = registryWith(3);
    r.record('claims-2', { kind: 'process-exited', at: 2, reason: 'killed by SIGKILL' });
    const picks = new Set(Array.from({ length: 10 }, () => r.next('claims-api')?.id));
    assert.deepEqual([...picks].sort(), ['claims-1', 'claims-3']);
    assert.deepEqual(
      r.healthyOf('claims-api').map((i) => i.id),
      ['claims-1', 'claims-3'],
    );
  });

  it('fails open, as an ALB does, when every running instance fails its checks; never to a stopped one', () => {
    const r = registryWith(3);
    const fail = (id: string) => {
      for (const at of [2, 3, 4]) r.record(id, { kind: 'check-failed', at, reason: 'store down' });
    };
    fail('claims-1');
    fail('claims-2');
    assert.deepEqual(
      r.servingOf('claims-api').map((i) => i.id),
      ['claims-3'],
      'a healthy one is there: only it serves',
    );
    fail('claims-3');
    r.record('claims-3', { kind: 'process-exited', at: 5, reason: 'killed by SIGKILL' });
    assert.deepEqual(
      r.servingOf('claims-api').map((i) => i.id),
      ['claims-1', 'claims-2'],
    );
    const picks = new Set(Array.from({ length: 6 }, () => r.next('claims-api')?.id));
    assert.deepEqual([...picks].sort(), ['claims-1', 'claims-2']);
    assert.deepEqual(r.healthyOf('claims-api'), []);
  });

  it('skips excluded instances and answers undefined when none is left', () => {
    const r = registryWith(2);
    assert.equal(r.next('claims-api', new Set(['claims-1']))?.id, 'claims-2');
    assert.equal(r.next('claims-api', new Set(['claims-1', 'claims-2'])), undefined);
    assert.equal(r.next('nothing'), undefined);
  });

  it('announces a change of state, not every check', () => {
    const r = registryWith(1);
    const seen: string[] = [];
    r.on('change', (i, prev) => seen.push(`${prev.kind}->${i.state.kind}`));
    r.record('claims-1', { kind: 'check-passed', at: 3 });
    r.record('claims-1', { kind: 'check-failed', at: 4, reason: 'x' });
    r.record('claims-1', { kind: 'check-failed', at: 5, reason: 'x' });
    r.record('claims-1', { kind: 'check-failed', at: 6, reason: 'x' });
    assert.deepEqual(seen, ['healthy->unhealthy']);
  });

  it('refuses to register the same instance twice', () => {
    const r = registryWith(1);
    assert.throws(
      () => r.register({ id: 'claims-1', service: 'claims-api', host: 'h', port: 1 }),
      /already registered/,
    );
  });
});

describe('registry traffic shares', () => {
  /** Two blue instances (revision 1) and two green ones (revision 2), all healthy. */
  function blueGreen(): Registry {
    const r = registryWith(2);
    for (let i = 1; i <= 2; i++) {
      r.register({ id: `green-${i}`, service: 'claims-api', host: '127.0.0.1', port: 9100 + i, revision: 2 });
      r.record(`green-${i}`, { kind: 'process-started', at: 0 });
      r.record(`green-${i}`, { kind: 'check-passed', at: 1 });
    }
    return r;
  }
  const picks = (r: Registry, n: number, exclude?: ReadonlySet<string>) => {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const id = r.next('claims-api', exclude)!.id;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const greenShare = (counts: Map<string, number>, n: number) =>
    ((counts.get('green-1') ?? 0) + (counts.get('green-2') ?? 0)) / n;

  it('shares traffic equally between every healthy instance until shares are set', () => {
    const r = blueGreen();
    assert.deepEqual(
      r.weightedOf('claims-api').map((w) => w.weight),
      [25, 25, 25, 25],
    );
    assert.equal(greenShare(picks(r, 400), 400), 0.5);
  });

  it("gives each revision its share, split among the revision's healthy instances", () => {
    const r = blueGreen();
    r.setShares(
      'claims-api',
      new Map([
        [1, 90],
        [2, 10],
      ]),
    );
    assert.deepEqual(
      r.weightedOf('claims-api').map((w) => [w.instance.id, w.weight]),
      [
        ['claims-1', 45],
        ['claims-2', 45],
        ['green-1', 5],
        ['green-2', 5],
      ],
    );
    const n = 1000;
    assert.ok(Math.abs(greenShare(picks(r, n), n) - 0.1) <= 0.01);
  });

  it('never picks a revision whose share is 0', () => {
    const r = blueGreen();
    r.setShares(
      'claims-api',
      new Map([
        [1, 100],
        [2, 0],
      ]),
    );
    assert.equal(greenShare(picks(r, 500), 500), 0);
  });

  it("gives an unhealthy revision's share to the healthy one", () => {
    const r = blueGreen();
    r.setShares(
      'claims-api',
      new Map([
        [1, 50],
        [2, 50],
      ]),
    );
    r.record('green-1', { kind: 'process-exited', at: 2, reason: 'killed' });
    r.record('green-2', { kind: 'process-exited', at: 2, reason: 'killed' });
    assert.deepEqual(
      r.weightedOf('claims-api').map((w) => w.weight),
      [50, 50],
    );
  });

  it('sends a retry to the other revision, even when it has none of the traffic', () => {
    const r = blueGreen();
    r.setShares(
      'claims-api',
      new Map([
        [1, 0],
        [2, 100],
      ]),
    );
    const retried = picks(r, 20, new Set(['green-1']));
    assert.deepEqual([...retried.keys()].sort(), ['claims-1', 'claims-2']);
  });

  it('forgets a deregistered instance, and its late process events change nothing', () => {
    const r = blueGreen();
    r.deregister('green-1');
    assert.ok(!r.instancesOf('claims-api').some((i) => i.id === 'green-1'));
    assert.equal(r.get('green-1'), undefined);
    assert.doesNotThrow(() => r.record('green-1', { kind: 'process-exited', at: 3, reason: 'SIGTERM' }));
    assert.ok(!picks(r, 30).has('green-1'));
    assert.throws(() => r.register({ id: 'green-1', service: 'claims-api', host: 'h', port: 1 }), /already registered/);
  });

  it('refuses a negative share', () => {
    assert.throws(() => {
      registryWith(1).setShares('claims-api', new Map([[1, -1]]));
    }, RangeError);
  });
});
