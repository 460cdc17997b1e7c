import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { fixtureMap, fixtureStatus } from './console.fixture.ts';
import { edgeLevel, mapView, nodeHealth } from './service-map.ts';
import { topologyOf } from './topology.ts';

const edgeOf = (view: ReturnType<typeof mapView>, from: string, to: string) =>
  view.edges.find((e) => e.from === from && e.to === to);

describe('mapView', () => {
  const view = mapView(topologyOf(dwp), fixtureMap(), fixtureStatus());

  it('puts the spans figures on the definition edges', () => {
    const e = edgeOf(view, 'dwp-internal-api', 'citizen-api')!;
    assert.equal(e.figures?.requests, 120);
    assert.equal(e.figures.rps, 2);
    assert.equal(e.level, 'ok');
    assert.equal(e.observed, false);
  });

  it('marks an edge red at the error rate that raises the alarm, amber below it', () => {
    assert.equal(edgeOf(view, 'dwp-internal-api', 'claims-api')?.level, 'down');
    const lenient = mapView(topologyOf(dwp), fixtureMap(), fixtureStatus(), { redErrorRate: 0.5 });
    assert.equal(edgeOf(lenient, 'dwp-internal-api', 'claims-api')?.level, 'warn');
  });

  it('grades edges by their counts, not by the error rate they were given', () => {
    assert.equal(edgeLevel(undefined, 0.05), 'idle');
    assert.equal(edgeLevel({ requests: 0, errors: 0, rps: 0, errorRate: 0, p95Ms: 0 }, 0.05), 'idle');
    assert.equal(edgeLevel({ requests: 100, errors: 1, rps: 1, errorRate: 0, p95Ms: 0 }, 0.05), 'warn');
    assert.equal(edgeLevel({ requests: 100, errors: 5, rps: 1, errorRate: 0, p95Ms: 0 }, 0.05), 'down');
  });

  it('maps a sandbox in the spans onto the upstream it stands in for', () => {
    assert.equal(edgeOf(view, 'external-gateway', 'upstream:hmrc')?.figures?.requests, 30);
  });

  it('keeps an edge only the spans show, marked observed', () => {
    const e = edgeOf(view, 'citizen-api', 'benefits-api')!;
    assert.equal(e.observed, true);
    assert.equal(e.figures?.requests, 12);
  });

  it('adds a node for a service the definition does not know, in its own column', () => {
    const live = {
      ...fixtureMap(),
      edges: [{ from: 'claims-api', to: 'mystery', requests: 1, errors: 0, rps: 1, errorRate: 0, p95Ms: 1 }],
    };
    const v = mapView(topologyOf(dwp), live, fixtureStatus());
    const n = v.nodes.find((x) => x.id === 'observed:mystery')!;
    assert.equal(n.kind, 'observed');
    assert.equal(v.columns.at(-1)?.title, 'Seen only in traces');
    assert.equal(edgeOf(v, 'claims-api', 'observed:mystery')?.observed, true);
  });

  it('shows a node red when one of its instances is stopped, saying how many are healthy', () => {
    const n = view.nodes.find((x) => x.id === 'claims-api')!;
    assert.deepEqual(n.state, { level: 'down', text: '1 of 2 healthy' });
    assert.deepEqual(view.nodes.find((x) => x.id === 'citizen-api')?.state, { level: 'ok', text: '1 of 1 healthy' });
  });

  it('reads stores and stand-ins by their kept state', () => {
    const status = fixtureStatus();
    assert.deepEqual(nodeHealth({ kind: 'store', name: 'postgres' }, status), { level: 'ok', text: 'running' });
    assert.deepEqual(nodeHealth({ kind: 'stand-in', name: 'nhs-sandbox' }, status), {
      level: 'unknown',
      text: 'not run locally',
    });
    const stopped = { ...status, standIns: [{ name: 'sqs', endpoint: 'http://x', state: 'stopped' as const }] };
    assert.deepEqual(nodeHealth({ kind: 'stand-in', name: 'sqs' }, stopped), { level: 'down', text: 'stopped' });
  });

  it('draws a map without figures when the trace store has none', () => {
    const v = mapView(topologyOf(dwp), undefined, fixtureStatus());
    assert.ok(v.edges.every((e) => e.level === 'idle' && !e.observed));
  });

  it('lays the same data out the same way', () => {
    assert.deepEqual(mapView(topologyOf(dwp), fixtureMap(), fixtureStatus()), view);
  });
});
