import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { appOf } from '@dwp/platform';
import { environmentTargetsOf, healthPathsOf, imagesOf, releaseOrderOf } from './release-targets.ts';

describe('release targets of the DWP definition', () => {
  it('builds each app once, with the port of the service that runs it', () => {
    const images = imagesOf(dwp);
    assert.deepEqual(images.map((i) => i.app).sort(), [...new Set(dwp.services.map(appOf))].sort());
    assert.deepEqual(
      images.find((i) => i.app === 'frontend'),
      { app: 'frontend', port: 80 },
    );
  });

  it('refuses one app run by two services on different ports, naming the service', () => {
    const [first] = dwp.services;
    assert.ok(first);
    const twin = { ...first, name: 'frontend-twin', port: 8081 };
    assert.throws(() => imagesOf({ ...dwp, services: [...dwp.services, twin] }), /services\.frontend-twin/);
  });

  it("walks the environments in the definition's order, each with its own names", () => {
    assert.deepEqual(
      releaseOrderOf(dwp).map((e) => e.environment),
      ['test', 'stage', 'prod'],
    );
    const test = environmentTargetsOf(dwp, dwp.environments[0]!);
    assert.equal(test.computeStack, 'DwpTestCompute');
    assert.equal(test.repositories.get('claims-api'), 'dwp/claims-api-test');
    assert.equal(test.restApiName, 'dwp-internal-api-test');
    assert.equal(test.smokeUserSecret, 'dwp/test/smoke-test-user');
    const claims = test.services.find((s) => s.service === 'claims-api');
    assert.deepEqual(claims, {
      service: 'claims-api',
      app: 'claims-api',
      cluster: 'dwp-app-cluster-test',
      containerName: 'claims-api',
      containerPort: 8080,
      controller: 'ecs',
    });
    const prod = environmentTargetsOf(dwp, dwp.environments[2]!);
    assert.equal(prod.repositories.get('claims-api'), 'dwp/claims-api');
  });

  it('smoke tests every public health route of the gateway under its base path', () => {
    const paths = healthPathsOf(dwp);
    assert.ok(
      paths.some((p) => p.service === 'claims-api' && p.path === '/api/claims/health'),
      JSON.stringify(paths),
    );
    assert.ok(paths.every((p) => p.path.startsWith('/api/') && p.path.endsWith('/health')));
  });
});
