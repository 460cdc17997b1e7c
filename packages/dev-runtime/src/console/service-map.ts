/**
 * The live service map: the definition's topology, coloured by what the spans show (the trace
 * store's map figures) and by what `/status` says of each node's instances, with a deterministic
 * layout. Edges the spans show but the definition does not are kept, marked `observed`. Pure.
 */
import type { PlatformStatus } from '../status-table.ts';
import type { LiveMap, MapFigures } from './console-data.ts';
import { COLUMNS, nodeForService, type HealthSource, type Topology, type TopologyNode } from './topology.ts';

/** ok: green; warn: amber; down: red; idle: no traffic; unknown: nothing to say. */
export type Level = 'ok' | 'warn' | 'down' | 'idle' | 'unknown';

export interface NodeHealth {
  readonly level: Level;
  /** What a person reads instead of the colour: `2 of 2 healthy`, `stopped`. */
  readonly text: string;
}

export interface MapNode extends TopologyNode {
  readonly x: number;
  readonly y: number;
  readonly health: HealthSource;
  readonly state: NodeHealth;
  readonly figures: MapFigures | undefined;
}

export interface MapEdge {
  readonly from: string;
  readonly to: string;
  /** Why the definition draws it; empty for an edge only the spans show. */
  readonly why: string;
  readonly observed: boolean;
  readonly figures: MapFigures | undefined;
  readonly level: Level;
}

export interface MapView {
  readonly width: number;
  readonly height: number;
  /** Headings of the columns in use, with their x. */
  readonly columns: ReadonlyArray<{ readonly title: string; readonly x: number }>;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
  readonly windowSeconds: number;
  readonly generatedAt: string | undefined;
}

export const LAYOUT = {
  columnWidth: 280,
  nodeWidth: 164,
  nodeHeight: 48,
  rowHeight: 64,
  top: 44,
  left: 12,
} as const;

export interface MapViewOptions {
  /** Error rate (0..1) at and above which an edge is red; below it, any error is amber. @default 0.05 */
  readonly redErrorRate?: number;
}

const NO_FIGURES: MapFigures = { requests: 0, errors: 0, rps: 0, errorRate: 0, p95Ms: 0 };

function addFigures(a: MapFigures | undefined, b: MapFigures): MapFigures {
  const base = a ?? NO_FIGURES;
  const requests = base.requests + b.requests;
  const errors = base.errors + b.errors;
  return {
    requests,
    errors,
    rps: base.rps + b.rps,
    // Recomputed from the counts, so merged edges and any store's rounding agree.
    errorRate: requests > 0 ? errors / requests : 0,
    p95Ms: Math.max(base.p95Ms, b.p95Ms),
  };
}

export function edgeLevel(figures: MapFigures | undefined, redErrorRate: number): Level {
  if (!figures || figures.requests === 0) return 'idle';
  const rate = figures.errors / figures.requests;
  if (rate === 0) return 'ok';
  return rate >= redErrorRate ? 'down' : 'warn';
}

export function nodeHealth(source: HealthSource, status: PlatformStatus): NodeHealth {
  switch (source.kind) {
    case 'service': {
      const s = status.services.find((x) => x.name === source.name);
      if (!s || s.instances.length === 0) return { level: 'unknown', text: 'not running' };
      const healthy = s.instances.filter((i) => i.state === 'healthy').length;
      const total = s.instances.length;
      if (healthy === total) return { level: 'ok', text: `${healthy} of ${total} healthy` };
      const bad = s.instances.filter((i) => i.state === 'unhealthy' || i.state === 'stopped');
      return { level: bad.length > 0 ? 'down' : 'warn', text: `${healthy} of ${total} healthy` };
    }
    case 'store':
    case 'stand-in': {
      const found =
        source.kind === 'store'
          ? status.stores.find((x) => x.name === source.name)
          : status.standIns.find((x) => x.name === source.name);
      if (!found) return { level: 'unknown', text: 'not run locally' };
      if ('endpoint' in found && found.endpoint === '') return { level: 'unknown', text: 'real endpoint' };
      switch (found.state) {
        case undefined:
          return { level: 'unknown', text: 'not supervised' };
        case 'running':
          return { level: 'ok', text: 'running' };
        case 'starting':
        case 'restarting':
          return { level: 'warn', text: found.state };
        case 'stopped':
          return { level: 'down', text: 'stopped' };
        default: {
          const never: never = found.state;
          throw new Error(`Unexpected kept state ${String(never)}`);
        }
      }
    }
    case 'none':
      return { level: 'unknown', text: '' };
    default: {
      const never: never = source;
      throw new Error(`Unexpected health source ${JSON.stringify(never)}`);
    }
  }
}

const observedId = (service: string) => `observed:${service}`;

export function mapView(
  topology: Topology,
  live: LiveMap | undefined,
  status: PlatformStatus,
  opts: MapViewOptions = {},
): MapView {
  const redErrorRate = opts.redErrorRate ?? 0.05;
  const observedColumn = COLUMNS.indexOf('Seen only in traces');
  const nodes: TopologyNode[] = [...topology.nodes];
  const idOf = (service: string): string => {
    const known = nodeForService(topology, service);
    if (known) return known.id;
    const id = observedId(service);
    if (!nodes.some((n) => n.id === id)) {
      nodes.push({
        id,
        label: service,
        kind: 'observed',
        column: observedColumn,
        row: nodes.filter((n) => n.column === observedColumn).length,
        detail: 'Seen in spans; not in the definition',
        aliases: [service],
        health: { kind: 'none' },
      });
    }
    return id;
  };

  const nodeFigures = new Map<string, MapFigures>();
  for (const n of live?.nodes ?? []) {
    const id = idOf(n.service);
    nodeFigures.set(id, addFigures(nodeFigures.get(id), n));
  }
  const edgeFigures = new Map<string, { from: string; to: string; figures: MapFigures }>();
  for (const e of live?.edges ?? []) {
    const from = idOf(e.from);
    const to = idOf(e.to);
    if (from === to) continue; // a service calling itself says nothing on a map
    const key = `${from}\u0000${to}`;
    edgeFigures.set(key, { from, to, figures: addFigures(edgeFigures.get(key)?.figures, e) });
  }

  const edges: MapEdge[] = topology.edges.map((e) => {
    const figures = edgeFigures.get(`${e.from}\u0000${e.to}`)?.figures;
    return { ...e, observed: false, figures, level: edgeLevel(figures, redErrorRate) };
  });
  const defined = new Set(topology.edges.map((e) => `${e.from}\u0000${e.to}`));
  for (const [key, e] of [...edgeFigures.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (defined.has(key)) continue;
    edges.push({
      from: e.from,
      to: e.to,
      why: '',
      observed: true,
      figures: e.figures,
      level: edgeLevel(e.figures, redErrorRate),
    });
  }

  const used = [...new Set(nodes.map((n) => n.column))].sort((a, b) => a - b);
  const xOf = (column: number) => LAYOUT.left + used.indexOf(column) * LAYOUT.columnWidth;
  const maxRows = Math.max(1, ...used.map((c) => nodes.filter((n) => n.column === c).length));
  return {
    width: LAYOUT.left * 2 + used.length * LAYOUT.columnWidth - (LAYOUT.columnWidth - LAYOUT.nodeWidth),
    height: LAYOUT.top + maxRows * LAYOUT.rowHeight,
    columns: used.map((c) => ({ title: COLUMNS[c] ?? '', x: xOf(c) })),
    nodes: nodes.map((n) => ({
      ...n,
      x: xOf(n.column),
      y: LAYOUT.top + n.row * LAYOUT.rowHeight,
      state: nodeHealth(n.health, status),
      figures: nodeFigures.get(n.id),
    })),
    edges,
    windowSeconds: live?.windowSeconds ?? 0,
    generatedAt: live?.generatedAt,
  };
}
