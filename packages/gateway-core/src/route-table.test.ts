import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import type { GatewayRoute } from '@dwp/platform';
import { RouteTable } from './route-table.ts';

const route = (path: string, method: GatewayRoute['method'] = 'ANY', service = 'svc'): GatewayRoute => ({
  path,
  method,
  service,
  auth: 'required',
  roles: [],
});

describe('RouteTable', () => {
  const table = new RouteTable(dwp.gateways.primary!.routes);

  it('routes every service prefix to its service through the greedy resource', () => {
    for (const [path, service] of [
      ['/citizen/c-1', 'citizen-api'],
      ['/benefits/catalogue', 'benefits-api'],
      ['/claims/a/b/c', 'claims-api'],
      ['/address/postcodes/SW1A1AA', 'address-api'],
      ['/identity/me', 'identity-api'],
    ]) {
      const m = table.match('POST', path!);
      assert.equal(m?.route.service, service, path);
      assert.equal(m?.route.auth, 'required');
    }
  });

  it('lets the specific public health resource win over the greedy one', () => {
    const m = table.match('GET', '/claims/health');
    assert.equal(m?.route.path, '/claims/health');
    assert.equal(m.route.auth, 'none');
  });

  it('captures the rest of the path in the greedy parameter', () => {
    assert.deepEqual(table.match('GET', '/claims/c-9/evidence/e-1')?.params, { proxy: 'c-9/evidence/e-1' });
  });

  it('does not match a greedy resource with nothing after the prefix, nor an unknown prefix', () => {
    assert.equal(table.match('GET', '/claims'), undefined);
    assert.equal(table.match('GET', '/pensions/x'), undefined);
    assert.equal(table.match('GET', '/'), undefined);
  });

  it('does not fall back to the greedy resource when the specific one lacks the method', () => {
    assert.equal(table.match('DELETE', '/claims/health'), undefined);
  });

  it('prefers a literal segment over a parameter, and a parameter over a greedy segment', () => {
    const t = new RouteTable([
      route('/a/{proxy+}', 'ANY', 'greedy'),
      route('/a/{id}', 'ANY', 'param'),
      route('/a/new', 'ANY', 'literal'),
    ]);
    assert.equal(t.match('GET', '/a/new')?.route.service, 'literal');
    assert.equal(t.match('GET', '/a/42')?.route.service, 'param');
    assert.deepEqual(t.match('GET', '/a/42')?.params, { id: '42' });
    assert.equal(t.match('GET', '/a/42/x')?.route.service, 'greedy');
  });

  it('prefers an exact method over ANY on the same resource', () => {
    const t = new RouteTable([route('/a/{proxy+}', 'ANY', 'any'), route('/a/{proxy+}', 'GET', 'get')]);
    assert.equal(t.match('GET', '/a/x')?.route.service, 'get');
    assert.equal(t.match('PUT', '/a/x')?.route.service, 'any');
  });
});
