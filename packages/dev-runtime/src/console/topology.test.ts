import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { COLUMNS, nodeForService, topologyOf, type Topology } from './topology.ts';

const has = (t: Topology, from: string, to: string) => t.edges.find((e) => e.from === from && e.to === to);

describe('topologyOf(dwp)', () => {
  const t = topologyOf(dwp);

  it('sends the public entry to the web tier and to the primary gateway', () => {
    assert.equal(has(t, 'edge', 'frontend-service')?.why, 'public load balancer');
    assert.equal(has(t, 'edge', 'dwp-internal-api')?.why, '/api/*');
    assert.ok(has(t, 'frontend-service', 'dwp-internal-api'));
  });

  it('draws one edge from the primary gateway to each service behind its routes', () => {
    const targets = t.edges.filter((e) => e.from === 'dwp-internal-api').map((e) => e.to);
    assert.deepEqual(targets, ['citizen-api', 'benefits-api', 'claims-api', 'address-api', 'identity-api']);
  });

  it('draws the calls each service declares', () => {
    assert.equal(has(t, 'citizen-api', 'address-api')?.why, 'calls');
    assert.equal(has(t, 'claims-api', 'external-gateway')?.why, 'calls');
    assert.equal(has(t, 'citizen-api', 'benefits-api'), undefined);
  });

  it('draws each service to the stores it owns, depends on or has permissions on', () => {
    assert.equal(has(t, 'citizen-api', 'store:citizens')?.why, 'owns, depends on, readwrite');
    assert.equal(has(t, 'benefits-api', 'store:notifications')?.why, 'owns, publishes');
    assert.equal(has(t, 'notifier', 'store:notifications')?.why, 'consumes');
    assert.equal(has(t, 'claims-api', 'store:documents')?.why, 'owns, readwrite');
  });

  it('draws the external gateway to each upstream with its rate limit, answered locally by its sandbox', () => {
    assert.equal(has(t, 'external-gateway', 'upstream:royal-mail')?.why, '1000 per 60 s');
    assert.equal(nodeForService(t, 'royal-mail-sandbox')?.id, 'upstream:royal-mail');
    assert.deepEqual(nodeForService(t, 'hmrc-sandbox')?.health, { kind: 'stand-in', name: 'hmrc-sandbox' });
  });

  it('names the stand-in an upstream is given', () => {
    const custom = topologyOf(dwp, { upstreamStandIns: new Map([['gov-verify', 'saml-idp-sandbox']]) });
    assert.equal(nodeForService(custom, 'saml-idp-sandbox')?.id, 'upstream:gov-verify');
  });

  it('lays nodes out in tier columns, in definition order', () => {
    const at = (id: string) => {
      const n = t.nodes.find((x) => x.id === id)!;
      return [COLUMNS[n.column], n.row];
    };
    assert.deepEqual(at('edge'), ['Public entry', 0]);
    assert.deepEqual(at('frontend-service'), ['Web tier', 0]);
    assert.deepEqual(at('dwp-internal-api'), ['Primary gateway', 0]);
    assert.deepEqual(at('citizen-api'), ['Services', 0]);
    assert.deepEqual(at('benefits-api'), ['Services', 1]);
    assert.deepEqual(at('external-gateway'), ['Egress and data stores', 0]);
    assert.deepEqual(at('store:benefits'), ['Egress and data stores', 1]);
    assert.deepEqual(at('upstream:royal-mail'), ['Upstream APIs', 0]);
  });

  it('is the same map every time it is drawn', () => {
    assert.deepEqual(topologyOf(dwp), t);
  });

  it('reads its health from /status: services by name, stores by their server', () => {
    assert.deepEqual(t.nodes.find((n) => n.id === 'store:claims')?.health, { kind: 'store', name: 'postgres' });
    assert.deepEqual(t.nodes.find((n) => n.id === 'store:documents')?.health, { kind: 'stand-in', name: 's3' });
    assert.deepEqual(t.nodes.find((n) => n.id === 'claims-api')?.health, { kind: 'service', name: 'claims-api' });
  });

  it('knows a database by the name the runtime gives it', () => {
    assert.equal(nodeForService(t, 'dwp_claims')?.id, 'store:claims');
  });
});
