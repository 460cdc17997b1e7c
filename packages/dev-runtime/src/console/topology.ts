/**
 * The service map's shape, read from the platform definition (never re-declared): who the public
 * entry sends to, the primary gateway's route targets, the services each one `calls`, the data
 * stores each uses (owner, `dependsOn`, task-role permissions) and the external gateway's upstreams.
 * Laid out in columns by tier, in definition order, so the same definition always draws the same map.
 * Pure.
 */
import type { DataStore, Permission, Platform } from '@dwp/platform';

/** The columns of the map, left to right. */
export const COLUMNS = [
  'Public entry',
  'Web tier',
  'Primary gateway',
  'Services',
  'Egress and data stores',
  'Upstream APIs',
  'Seen only in traces',
] as const;

export type NodeKind = 'entry' | 'web' | 'gateway' | 'service' | 'egress' | 'store' | 'upstream' | 'observed';

/** Where a node's health is read from in `/status`. */
export type HealthSource =
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'store'; readonly name: string }
  | { readonly kind: 'stand-in'; readonly name: string }
  | { readonly kind: 'none' };

export interface TopologyNode {
  /** Unique on the map; a service's id is its `service.name` in spans. */
  readonly id: string;
  readonly label: string;
  readonly kind: NodeKind;
  /** Index into COLUMNS. */
  readonly column: number;
  /** Row within the column, from 0. */
  readonly row: number;
  /** A line about what the node is (`DynamoDB table`, `API Gateway dwp-internal-api`). */
  readonly detail: string;
  /** The `service.name`s spans give this node (a sandbox standing in for an upstream, say). */
  readonly aliases: readonly string[];
  readonly health: HealthSource;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** Why the definition draws it: `gateway routes`, `calls`, `owns, readwrite`. */
  readonly why: string;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

export interface TopologyOptions {
  /**
   * The stand-in that answers for each upstream locally (`royal-mail` -> `royal-mail-sandbox`).
   * @default `<upstream>-sandbox`
   */
  readonly upstreamStandIns?: ReadonlyMap<string, string>;
}

/** The service.name of the runtime's in-process edge in spans. */
export const EDGE_SERVICE = 'edge';

const STORE_LABELS: Readonly<Record<DataStore['kind'], string>> = {
  postgres: 'PostgreSQL database',
  dynamodb: 'DynamoDB table',
  s3: 'S3 bucket',
  queue: 'SQS queue',
  cache: 'Cache',
};

/** The process in `/status` that serves a store of each kind locally. */
function storeHealth(kind: DataStore['kind']): HealthSource {
  switch (kind) {
    case 'postgres':
      return { kind: 'store', name: 'postgres' };
    case 'dynamodb':
      return { kind: 'store', name: 'dynamodb' };
    case 's3':
      return { kind: 'stand-in', name: 's3' };
    case 'queue':
      return { kind: 'stand-in', name: 'sqs' };
    case 'cache':
      return { kind: 'none' };
    default: {
      const never: never = kind;
      throw new Error(`Unexpected data store kind ${String(never)}`);
    }
  }
}

/** The store a task-role permission names, and how it is used. */
function permissionTarget(p: Permission): { store: string; use: string } | undefined {
  switch (p.kind) {
    case 'dynamodb':
      return { store: p.table, use: p.access };
    case 'rds-connect':
      return { store: p.database, use: 'connects' };
    case 's3':
      return { store: p.bucket, use: p.access };
    case 'sqs-publish':
      return { store: p.queue, use: 'publishes' };
    case 'sqs-consume':
      return { store: p.queue, use: 'consumes' };
    case 'secrets-read':
    case 'cloudwatch-logs':
      return undefined;
    default: {
      const never: never = p;
      throw new Error(`Unexpected permission ${JSON.stringify(never)}`);
    }
  }
}

export const storeNodeId = (store: string) => `store:${store}`;
export const upstreamNodeId = (upstream: string) => `upstream:${upstream}`;

export function topologyOf(platform: Platform, opts: TopologyOptions = {}): Topology {
  const nodes: TopologyNode[] = [];
  const rows = new Map<number, number>();
  const add = (n: Omit<TopologyNode, 'row'>) => {
    if (nodes.some((x) => x.id === n.id)) return;
    const row = rows.get(n.column) ?? 0;
    rows.set(n.column, row + 1);
    nodes.push({ ...n, row });
  };
  const edges = new Map<string, { from: string; to: string; why: string[] }>();
  const link = (from: string, to: string, why: string) => {
    const key = `${from}\u0000${to}`;
    const e = edges.get(key) ?? { from, to, why: [] };
    if (!e.why.includes(why)) e.why.push(why);
    edges.set(key, e);
  };

  const primary = platform.gateways.primary;
  const external = platform.gateways.external;
  const publicTargets = platform.loadBalancing.public.targets;
  const isWeb = (name: string) => publicTargets.includes(name);

  add({
    id: EDGE_SERVICE,
    label: 'edge',
    kind: 'entry',
    column: 0,
    detail: 'Public entry (CloudFront, WAF and the public load balancer)',
    aliases: [EDGE_SERVICE],
    health: { kind: 'none' },
  });
  for (const s of platform.services.filter((x) => isWeb(x.name))) {
    add({
      id: s.name,
      label: s.name,
      kind: 'web',
      column: 1,
      detail: s.description || 'Web tier service',
      aliases: [s.name],
      health: { kind: 'service', name: s.name },
    });
  }
  if (primary) {
    add({
      id: primary.name,
      label: primary.name,
      kind: 'gateway',
      column: 2,
      detail: `Primary API gateway at ${primary.basePath}`,
      aliases: [primary.name],
      health: { kind: 'service', name: primary.name },
    });
  }
  for (const s of platform.services.filter((x) => !isWeb(x.name))) {
    const egress = s.name === external?.service;
    add({
      id: s.name,
      label: s.name,
      kind: egress ? 'egress' : 'service',
      column: egress ? 4 : 3,
      detail: egress ? `External API gateway ${external.name}` : s.description || 'Service',
      aliases: [s.name],
      health: { kind: 'service', name: s.name },
    });
  }
  for (const d of platform.dataStores) {
    add({
      id: storeNodeId(d.name),
      label: d.name,
      kind: 'store',
      // Beside the external gateway: the services' edges to both stay between neighbouring columns.
      column: 4,
      detail: STORE_LABELS[d.kind],
      aliases: storeAliases(platform.name, d),
      health: storeHealth(d.kind),
    });
  }
  for (const r of external?.routes ?? []) {
    const standIn = opts.upstreamStandIns?.get(r.upstream) ?? `${r.upstream}-sandbox`;
    add({
      id: upstreamNodeId(r.upstream),
      label: r.upstream,
      kind: 'upstream',
      column: 5,
      detail: `Upstream API (${r.auth}), local stand-in ${standIn}`,
      aliases: [r.upstream, standIn],
      health: { kind: 'stand-in', name: standIn },
    });
  }

  for (const target of publicTargets) link(EDGE_SERVICE, target, 'public load balancer');
  if (primary) {
    link(EDGE_SERVICE, primary.name, `${primary.basePath}/*`);
    // The web tier reaches the services only through the primary gateway (the seeds' request path).
    for (const target of publicTargets) link(target, primary.name, 'web tier calls the API');
    for (const r of primary.routes) link(primary.name, r.service, 'gateway routes');
  }
  for (const s of platform.services) {
    for (const callee of s.calls) link(s.name, callee, 'calls');
    for (const d of platform.dataStores.filter((x) => x.owner === s.name)) link(s.name, storeNodeId(d.name), 'owns');
    for (const name of s.dependsOn) {
      if (platform.dataStores.some((d) => d.name === name)) link(s.name, storeNodeId(name), 'depends on');
    }
    for (const p of s.taskRole?.permissions ?? []) {
      const t = permissionTarget(p);
      if (t && platform.dataStores.some((d) => d.name === t.store)) link(s.name, storeNodeId(t.store), t.use);
    }
  }
  if (external) {
    for (const r of external.routes) {
      link(external.service, upstreamNodeId(r.upstream), `${r.rateLimit.requests} per ${r.rateLimit.perSeconds} s`);
    }
  }

  const known = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: [...edges.values()]
      .filter((e) => known.has(e.from) && known.has(e.to))
      .map((e) => ({ from: e.from, to: e.to, why: e.why.join(', ') })),
  };
}

/** The node a span's `service.name` belongs to, if the definition draws one. */
export function nodeForService(topology: Topology, service: string): TopologyNode | undefined {
  return topology.nodes.find((n) => n.id === service) ?? topology.nodes.find((n) => n.aliases.includes(service));
}

/**
 * What client spans call a store: PostgreSQL names the database (`<platform>_<store>` locally),
 * DynamoDB the table and S3 the bucket (`<platform>-<store>` locally), SQS the queue, Redis itself.
 */
function storeAliases(platformName: string, d: DataStore): string[] {
  switch (d.kind) {
    case 'postgres':
      return [d.name, `${platformName}_${d.name}`.replace(/-/g, '_')];
    case 'cache':
      return [d.name, 'redis'];
    default:
      return [d.name, `${platformName}-${d.name}`];
  }
}
