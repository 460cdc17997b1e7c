import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './config.ts';
import { createService } from './create-service.ts';
import { EvenFaults, FaultSwitchRefusedError, faultSwitchOf } from './fault-switch.ts';
import { kitPlatform } from './kit-platform.fixture.ts';

const platform = kitPlatform;

const LOCAL = { LOG_LEVEL: 'silent', DISCOVERY_MODE: 'registry', DISCOVERY_REGISTRY_URL: 'http://127.0.0.1:1' };

async function orders(env: NodeJS.ProcessEnv) {
  const svc = await createService({ platform, name: 'orders-api', env });
  svc.app.get('/orders/:id', { config: { auth: 'public' } }, async () => ({ id: 'o-1' }));
  await svc.app.ready();
  return svc;
}

describe('the fault switch', () => {
  it('answers exactly the given share of requests with 503 in the one error shape, spread evenly', async () => {
    const svc = await orders({ ...LOCAL, FAULT_5XX_RATE: '0.5' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await svc.app.inject({ method: 'GET', url: `/orders/o-${i}` });
      statuses.push(res.statusCode);
      if (res.statusCode === 503) {
        assert.equal(res.json<{ error: { code: string } }>().error.code, 'SVC_ERR_FAULT_INJECTED');
        assert.equal(res.headers['retry-after'], '1');
      }
    }
    assert.deepEqual(statuses, [200, 503, 200, 503, 200, 503, 200, 503, 200, 503]);
    await svc.app.close();
  });

  it('never fails /health or /metrics, and counts the failures it answers in /metrics', async () => {
    const svc = await orders({ ...LOCAL, FAULT_5XX_RATE: '1' });
    assert.equal((await svc.app.inject({ method: 'GET', url: '/orders/o-1' })).statusCode, 503);
    assert.equal((await svc.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const metrics = await svc.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(metrics.statusCode, 200);
    assert.match(metrics.body, /http_requests_total\{[^}]*status="503"[^}]*\} 1/);
    await svc.app.close();
  });

  it('makes /health fail with FAULT_HEALTH=fail, naming the switch, and leaves other routes alone', async () => {
    const svc = await orders({ ...LOCAL, FAULT_HEALTH: 'fail' });
    const health = await svc.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 503);
    assert.equal(
      health.json<{ checks: Record<string, { status: string }> }>().checks['fault-switch']?.status,
      'failing',
    );
    assert.equal((await svc.app.inject({ method: 'GET', url: '/orders/o-1' })).statusCode, 200);
    await svc.app.close();
  });

  it('refuses to start outside the local runtime, saying why', async () => {
    await assert.rejects(
      orders({ LOG_LEVEL: 'silent', DISCOVERY_MODE: 'dns', FAULT_5XX_RATE: '0.5' }),
      (err: unknown) => {
        assert.ok(err instanceof FaultSwitchRefusedError);
        assert.equal(err.code, 'SVC_ERR_FAULT_SWITCH_REFUSED');
        assert.match(err.message, /FAULT_5XX_RATE is for local release rehearsals only/);
        return true;
      },
    );
    // DISCOVERY_MODE defaults to dns: a process told nothing is not the local runtime either.
    assert.throws(() => faultSwitchOf('orders-api', { FAULT_HEALTH: 'fail' }), FaultSwitchRefusedError);
    assert.throws(
      () =>
        faultSwitchOf('orders-api', {
          ...LOCAL,
          FAULT_HEALTH: 'fail',
          ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc',
        }),
      /says this is an ECS task/,
    );
  });

  it('is off, and never refused, when no fault is set', () => {
    assert.equal(faultSwitchOf('orders-api', { DISCOVERY_MODE: 'dns' }), undefined);
    assert.equal(faultSwitchOf('orders-api', { ...LOCAL, FAULT_5XX_RATE: '0', FAULT_HEALTH: 'pass' }), undefined);
  });

  it('refuses a rate outside 0 to 1 with a ConfigError naming the variable', () => {
    assert.throws(
      () => faultSwitchOf('orders-api', { ...LOCAL, FAULT_5XX_RATE: '2' }),
      (err: unknown) => err instanceof ConfigError && err.variables.includes('FAULT_5XX_RATE'),
    );
  });

  it('fails a third of the turns at a rate of 1/3', () => {
    const turns = new EvenFaults(1 / 3);
    assert.equal(Array.from({ length: 300 }, () => turns.next()).filter(Boolean).length, 100);
  });
});
