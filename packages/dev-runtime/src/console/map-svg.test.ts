import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dwp } from '@dwp/platforms/dwp';
import { fixtureMap, fixtureStatus } from './console.fixture.ts';
import { edgeGeometry, figuresText, renderEdgeTable, renderMapSvg } from './map-svg.ts';
import { flatten } from './markup.ts';
import { LAYOUT, mapView, type MapNode } from './service-map.ts';
import { topologyOf } from './topology.ts';

const node = (x: number, y: number): MapNode => ({
  id: `n${x}-${y}`,
  label: 'n',
  kind: 'service',
  column: 0,
  row: 0,
  detail: '',
  aliases: [],
  health: { kind: 'none' },
  x,
  y,
  state: { level: 'unknown', text: '' },
  figures: undefined,
});

describe('edgeGeometry', () => {
  it('runs from the right side of one node to the left side of the next column', () => {
    const { d, mid } = edgeGeometry(node(0, 0), node(LAYOUT.columnWidth, 0));
    const y = LAYOUT.nodeHeight / 2;
    assert.ok(d.startsWith(`M${LAYOUT.nodeWidth},${y} `));
    assert.ok(d.endsWith(` ${LAYOUT.columnWidth},${y}`));
    assert.deepEqual(mid, { x: (LAYOUT.nodeWidth + LAYOUT.columnWidth) / 2, y });
  });

  it('bows out to the right between nodes of one column', () => {
    const { mid } = edgeGeometry(node(0, 0), node(0, LAYOUT.rowHeight * 2));
    assert.ok(mid.x > LAYOUT.nodeWidth);
  });

  it('dips below the rows when it crosses a column', () => {
    const { mid } = edgeGeometry(node(0, 0), node(LAYOUT.columnWidth * 2, 0));
    assert.ok(mid.y > LAYOUT.nodeHeight, 'the label sits in the gap under the row');
  });
});

describe('renderMapSvg and renderEdgeTable', () => {
  const view = mapView(topologyOf(dwp), fixtureMap(), fixtureStatus());
  const svg = flatten(renderMapSvg(view).html);
  const table = flatten(renderEdgeTable(view).html);

  it('gives the picture a title and a description naming what is not healthy', () => {
    assert.match(svg, /role="img" aria-labelledby="map-title map-desc"/);
    assert.match(svg, /<desc id="map-desc">[^<]*Not healthy: claims-api\./);
  });

  it('labels busy edges with their rate, p95 and errors, and draws observed ones dashed', () => {
    assert.match(svg, /data-edge="dwp-internal-api>claims-api"/);
    assert.match(svg, /1\.0 rps · p95 120 ms<tspan[^>]*>6 errors<\/tspan>/);
    assert.match(svg, /class="edge edge--ok edge--observed" data-edge="citizen-api>benefits-api"/);
    assert.match(svg, /class="node node--down node--service" data-node="claims-api"/);
  });

  it('lists every edge in the table with words for its state', () => {
    assert.equal((table.match(/<tr class="row--/g) ?? []).length, view.edges.length);
    assert.match(table, /<td>claims-api<\/td><td>external-gateway<\/td><td>calls<\/td>/);
    assert.match(table, /<span class="tag tag--down">failing<\/span>/);
    assert.match(table, /seen in traces only/);
  });

  it('escapes service names from the spans', () => {
    const live = {
      ...fixtureMap(),
      edges: [{ from: 'edge', to: '<img src=x>', requests: 1, errors: 0, rps: 1, errorRate: 0, p95Ms: 1 }],
    };
    const v = mapView(topologyOf(dwp), live, fixtureStatus());
    assert.doesNotMatch(renderMapSvg(v).html + renderEdgeTable(v).html, /<img/);
  });

  it('says "no traffic" for an edge without requests', () => {
    assert.equal(figuresText({ figures: undefined }), 'no traffic');
  });
});
