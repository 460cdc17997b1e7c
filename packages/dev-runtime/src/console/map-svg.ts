/**
 * The service map as SVG (columns of nodes, curved edges coloured and labelled by their figures)
 * and the same edges as a table, for people who do not read the picture. Pure.
 */
import { formatMs, formatNumber, markup, plural, type SafeHtml } from './markup.ts';
import { LAYOUT, type Level, type MapEdge, type MapNode, type MapView } from './service-map.ts';

export const LEVEL_TEXT: Readonly<Record<Level, string>> = {
  ok: 'ok',
  warn: 'some errors',
  down: 'failing',
  idle: 'no traffic',
  unknown: 'unknown',
};

interface Point {
  readonly x: number;
  readonly y: number;
}

/** A cubic Bézier from one node to another, and the point half way along it (for the label). */
export function edgeGeometry(from: MapNode, to: MapNode): { d: string; mid: Point } {
  const { nodeWidth: w, nodeHeight: h } = LAYOUT;
  let p0: Point, p1: Point, p2: Point, p3: Point;
  if (to.x > from.x && to.x - from.x <= LAYOUT.columnWidth) {
    p0 = { x: from.x + w, y: from.y + h / 2 };
    p3 = { x: to.x, y: to.y + h / 2 };
    const mx = (p0.x + p3.x) / 2;
    p1 = { x: mx, y: p0.y };
    p2 = { x: mx, y: p3.y };
  } else if (to.x > from.x) {
    // Over a column of nodes: dip into the gap below the rows, so the line and its label stay visible.
    p0 = { x: from.x + w, y: from.y + h / 2 };
    p3 = { x: to.x, y: to.y + h / 2 };
    p1 = { x: p0.x + LAYOUT.columnWidth / 2, y: p0.y + h * 0.9 };
    p2 = { x: p3.x - LAYOUT.columnWidth / 2, y: p3.y + h * 0.9 };
  } else if (to.x < from.x) {
    p0 = { x: from.x, y: from.y + h / 2 };
    p3 = { x: to.x + w, y: to.y + h / 2 };
    const mx = (p0.x + p3.x) / 2;
    p1 = { x: mx, y: p0.y + h };
    p2 = { x: mx, y: p3.y + h };
  } else {
    // Same column: bow out to the right, further for nodes further apart.
    p0 = { x: from.x + w, y: from.y + h / 2 };
    p3 = { x: to.x + w, y: to.y + h / 2 };
    const bow = 18 + Math.abs(p3.y - p0.y) / 6;
    p1 = { x: p0.x + bow, y: p0.y };
    p2 = { x: p3.x + bow, y: p3.y };
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    d: `M${r(p0.x)},${r(p0.y)} C${r(p1.x)},${r(p1.y)} ${r(p2.x)},${r(p2.y)} ${r(p3.x)},${r(p3.y)}`,
    mid: { x: r((p0.x + 3 * p1.x + 3 * p2.x + p3.x) / 8), y: r((p0.y + 3 * p1.y + 3 * p2.y + p3.y) / 8) },
  };
}

/** `2.0 rps · p95 35 ms · 3 errors` */
export function figuresText(edge: Pick<MapEdge, 'figures'>): string {
  const f = edge.figures;
  if (!f || f.requests === 0) return 'no traffic';
  return [
    `${formatNumber(f.rps, 1)} rps`,
    `p95 ${formatMs(f.p95Ms)}`,
    ...(f.errors > 0 ? [plural(f.errors, 'error')] : []),
  ].join(' · ');
}

function renderNode(n: MapNode): SafeHtml {
  const { nodeWidth: w, nodeHeight: h } = LAYOUT;
  const figures = n.figures && n.figures.requests > 0 ? ` · ${formatNumber(n.figures.rps, 1)} rps` : '';
  // Nodes without a health of their own say what they are instead.
  const what = n.kind === 'entry' ? 'public entry' : n.kind === 'observed' ? 'not in the definition' : n.detail;
  const second = `${n.state.text || what}${figures}`;
  return markup`<g class="node node--${n.state.level} node--${n.kind}" data-node="${n.id}">
    <title>${n.label}: ${n.detail}${n.state.text ? `, ${n.state.text}` : ''}</title>
    <rect x="${n.x}" y="${n.y}" width="${w}" height="${h}" rx="4"></rect>
    <text x="${n.x + 8}" y="${n.y + 19}" class="node__label">${n.label}</text>
    <text x="${n.x + 8}" y="${n.y + 37}" class="node__state">${second}</text>
  </g>`;
}

/** Rate and p95 on one line, errors (if any) on the next, centred on the edge. */
function renderEdgeLabel(e: MapEdge, mid: Point): SafeHtml {
  const f = e.figures!;
  return markup`<text x="${mid.x}" y="${mid.y - (f.errors > 0 ? 10 : 4)}" class="edge__label" text-anchor="middle">${formatNumber(f.rps, 1)} rps · p95 ${formatMs(f.p95Ms)}${f.errors > 0 ? markup`<tspan x="${mid.x}" dy="13">${plural(f.errors, 'error')}</tspan>` : ''}</text>`;
}

function renderEdge(e: MapEdge, byId: ReadonlyMap<string, MapNode>): SafeHtml {
  const from = byId.get(e.from);
  const to = byId.get(e.to);
  if (!from || !to) return markup``;
  const { d, mid } = edgeGeometry(from, to);
  const busy = e.figures !== undefined && e.figures.requests > 0;
  return markup`<g class="edge edge--${e.level}${e.observed ? ' edge--observed' : ''}" data-edge="${e.from}>${e.to}">
    <title>
      ${from.label} to ${to.label}: ${figuresText(e)}${e.observed ? ' (seen in traces, not in the definition)' : ''}
    </title>
    <path d="${d}" marker-end="url(#arrow-${e.level})"></path>
    ${busy ? renderEdgeLabel(e, mid) : ''}
  </g>`;
}

export function renderMapSvg(view: MapView): SafeHtml {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const down = view.nodes.filter((n) => n.state.level === 'down').map((n) => n.label);
  const levels: Level[] = ['ok', 'warn', 'down', 'idle', 'unknown'];
  // Busy edges are drawn last, so their colour and label sit above idle ones.
  const busy = (e: MapEdge) => ((e.figures?.requests ?? 0) > 0 ? 1 : 0);
  const edges = [...view.edges].sort((a, b) => busy(a) - busy(b));
  return markup`<svg
    class="map"
    viewBox="0 0 ${view.width} ${view.height}"
    width="${view.width}"
    height="${view.height}"
    role="img"
    aria-labelledby="map-title map-desc"
  >
    <title id="map-title">Service map</title>
    <desc id="map-desc">
      ${view.nodes.length} nodes and ${view.edges.length} connections, in columns from the public entry to the data
      stores and upstream APIs. ${down.length ? `Not healthy: ${down.join(', ')}.` : 'Every running node is healthy.'}
      The table below lists every connection with its figures.
    </desc>
    <defs>
      ${levels.map(
        (l) =>
          markup`<marker
            id="arrow-${l}"
            class="arrow arrow--${l}"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerUnits="userSpaceOnUse" markerWidth="9"
            markerHeight="9"
            orient="auto-start-reverse"
            ><path d="M0,0 L10,5 L0,10 z"></path
          ></marker>`,
      )}
    </defs>
    ${view.columns.map((c) => markup`<text x="${c.x}" y="20" class="map__column">${c.title}</text>`)}
    ${edges.map((e) => renderEdge(e, byId))} ${view.nodes.map(renderNode)}
  </svg>`;
}

export function renderEdgeTable(view: MapView): SafeHtml {
  const label = new Map(view.nodes.map((n) => [n.id, n.label]));
  const rows = view.edges.map((e) => {
    const f = e.figures;
    return markup`<tr class="row--${e.level}" data-edge="${e.from}>${e.to}">
      <td>${label.get(e.from) ?? e.from}</td>
      <td>${label.get(e.to) ?? e.to}</td>
      <td>${e.observed ? 'seen in traces only' : e.why}</td>
      <td class="num">${formatNumber(f?.requests ?? 0)}</td>
      <td class="num">${formatNumber(f?.errors ?? 0)}</td>
      <td class="num">${formatNumber(f?.rps ?? 0, 1)}</td>
      <td class="num">${f && f.requests > 0 ? `${formatNumber((f.errors / f.requests) * 100, 1)}%` : '–'}</td>
      <td class="num">${f && f.requests > 0 ? formatMs(f.p95Ms) : '–'}</td>
      <td><span class="tag tag--${e.level}">${LEVEL_TEXT[e.level]}</span></td>
    </tr>`;
  });
  const window = view.windowSeconds ? `the last ${plural(view.windowSeconds, 'second')}` : 'no figures yet';
  return markup`<table class="table" id="edge-table">
    <caption>
      Connections and their figures over ${window}
    </caption>
    <thead>
      <tr>
        <th scope="col">From</th>
        <th scope="col">To</th>
        <th scope="col">Why</th>
        <th scope="col" class="num">Requests</th>
        <th scope="col" class="num">Errors</th>
        <th scope="col" class="num">Requests per second</th>
        <th scope="col" class="num">Error rate</th>
        <th scope="col" class="num">p95</th>
        <th scope="col">Status</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}
