/**
 * API Gateway REST resource matching. The most specific resource wins, segment by segment: a
 * literal beats a `{param}`, which beats a greedy `{proxy+}` (which takes one or more segments).
 * Then the method: an exact method on that resource beats `ANY`. A request that matches no
 * resource, or a resource without its method, is unmatched (API Gateway's "Missing Authentication Token").
 */
import type { GatewayRoute } from '@dwp/platform';

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface Resource {
  readonly path: string;
  readonly segments: readonly Segment[];
  readonly methods: Map<string, GatewayRoute>;
}

export interface RouteMatch {
  readonly route: GatewayRoute;
  readonly params: Readonly<Record<string, string>>;
}

function parse(path: string): Segment[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s): Segment => {
      const greedy = /^\{([A-Za-z0-9_]+)\+\}$/.exec(s);
      if (greedy) return { kind: 'greedy', name: greedy[1]! };
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(s);
      if (param) return { kind: 'param', name: param[1]! };
      return { kind: 'literal', value: s };
    });
}

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

/** Negative when a is more specific than b. */
function compareSpecificity(a: Resource, b: Resource): number {
  const n = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    const d = RANK[x.kind] - RANK[y.kind];
    if (d !== 0) return d;
  }
  return 0;
}

function matchSegments(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 'greedy') {
      if (i >= parts.length) return undefined;
      params[seg.name] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === 'literal' && seg.value !== part) return undefined;
    if (seg.kind === 'param') params[seg.name] = part;
  }
  return segments.length === parts.length ? params : undefined;
}

export class RouteTable {
  readonly #resources: readonly Resource[];

  constructor(routes: readonly GatewayRoute[]) {
    const byPath = new Map<string, Resource>();
    for (const route of routes) {
      let r = byPath.get(route.path);
      if (!r) {
        r = { path: route.path, segments: parse(route.path), methods: new Map() };
        byPath.set(route.path, r);
      }
      if (r.methods.has(route.method)) throw new TypeError(`duplicate route ${route.method} ${route.path}`);
      r.methods.set(route.method, route);
    }
    this.#resources = [...byPath.values()].sort(compareSpecificity);
  }

  /** `path` without query string, already stripped of the gateway's base path. */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const resource of this.#resources) {
      const params = matchSegments(resource.segments, parts);
      if (!params) continue;
      const route = resource.methods.get(method) ?? resource.methods.get('ANY');
      return route ? { route, params } : undefined;
    }
    return undefined;
  }
}
