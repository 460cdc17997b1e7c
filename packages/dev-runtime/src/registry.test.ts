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
