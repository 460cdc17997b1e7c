import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextState, type HealthEvent, type InstanceState } from './instance-state.ts';

const t = { healthy: 2, unhealthy: 3 };
const run = (start: InstanceState, events: HealthEvent[]) => events.reduce((s, e) => nextState(s, e, t), start);
const pass = (at = 1): HealthEvent => ({ kind: 'check-passed', at });
const fail = (at = 1): HealthEvent => ({ kind: 'check-failed', at, reason: 'HTTP 503' });

describe('instance health state', () => {
  it('serves a starting instance from its first passing check', () => {
    assert.equal(run({ kind: 'starting', since: 0 }, [pass()]).kind, 'healthy');
  });

  it('keeps a starting instance starting while its checks fail', () => {
    assert.equal(run({ kind: 'starting', since: 0 }, [fail(), fail(), fail(), fail()]).kind, 'starting');
  });

  it('takes a healthy instance out only after the failure threshold of consecutive failures', () => {
    const healthy: InstanceState = { kind: 'healthy', since: 0, failures: 0 };
    assert.equal(run(healthy, [fail(), fail()]).kind, 'healthy');
    assert.equal(run(healthy, [fail(), fail(), fail()]).kind, 'unhealthy');
  });

  it('forgives failures that a passing check interrupts', () => {
    const healthy: InstanceState = { kind: 'healthy', since: 0, failures: 0 };
    assert.equal(run(healthy, [fail(), fail(), pass(), fail(), fail()]).kind, 'healthy');
  });

  it('returns an unhealthy instance after the healthy threshold of consecutive passes', () => {
    const unhealthy: InstanceState = { kind: 'unhealthy', since: 0, successes: 0, reason: 'x' };
    assert.equal(run(unhealthy, [pass()]).kind, 'unhealthy');
    assert.equal(run(unhealthy, [pass(), fail(), pass()]).kind, 'unhealthy');
    assert.equal(run(unhealthy, [pass(), pass()]).kind, 'healthy');
  });

  it('stops an instance whose process exits, whatever its health, and ignores late checks', () => {
    const s = run({ kind: 'healthy', since: 0, failures: 0 }, [
      { kind: 'process-exited', at: 5, reason: 'killed by SIGKILL' },
      pass(),
    ]);
    assert.deepEqual(s, { kind: 'stopped', since: 5, reason: 'killed by SIGKILL' });
  });

  it('starts again when its process is restarted', () => {
    assert.equal(
      run({ kind: 'stopped', since: 0, reason: 'x' }, [{ kind: 'process-started', at: 9 }]).kind,
      'starting',
    );
  });
});
