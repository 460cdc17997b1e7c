/** Questions the runtime, the gateways and the CDK app ask of a definition, answered in one place. */
import type { GatewayRoute, Platform, Scaling, Service } from './schema.ts';

export function serviceNamed(p: Platform, name: string): Service {
  const s = p.services.find((x) => x.name === name);
  if (!s) throw new Error(`platform "${p.name}" has no service "${name}"`);
  return s;
}

/** The apps/ folder that holds a service's code. */
export function appOf(s: Service): string {
  return s.app ?? s.name;
}

/** `/citizen/*` -> `citizen`: the first path segment a service owns. */
export function pathPrefixOf(s: Service): string | undefined {
  const first = s.routes[0];
  return first ? first.slice(1, -2) : undefined;
}

/** `citizen-api.dwp.local` */
export function discoveryNameOf(p: Platform, s: Service | string): string {
  const name = typeof s === 'string' ? s : s.name;
  return `${name}.${p.serviceDiscovery.namespace}`;
}

export function scalingOf(p: Platform, s: Service): Scaling | undefined {
  return s.scaling ?? p.defaultScaling;
}

/** Routes of the primary gateway that belong to a service. */
export function gatewayRoutesOf(p: Platform, service: string): GatewayRoute[] {
  return (p.gateways.primary?.routes ?? []).filter((r) => r.service === service);
}

/**
 * A process the local runtime starts: a service (the app in `apps/<app>` that its container runs),
 * or the primary gateway, which AWS runs as API Gateway and the runtime as its local emulator.
 */
export type LocalProcess =
  | { readonly kind: 'service'; readonly name: string; readonly app: string; readonly replicas: number }
  | { readonly kind: 'primary-gateway'; readonly name: string; readonly replicas: number };

/** Every service the local runtime starts, plus the primary gateway as a process of its own. */
export function localProcessesOf(p: Platform): LocalProcess[] {
  const list: LocalProcess[] = p.services.map((s) => ({
    kind: 'service',
    name: s.name,
    app: appOf(s),
    replicas: s.local.replicas,
  }));
  const gw = p.gateways.primary;
  if (gw) list.push({ kind: 'primary-gateway', name: gw.name, replicas: gw.local.replicas });
  return list;
}

/** The user pool's groups (`userPool.groups`), which are the roles a user can hold; none without a pool. */
export function userPoolGroupsOf(p: Platform): readonly string[] {
  return p.gateways.primary?.authentication.userPool.groups ?? [];
}

/** The user pool groups whose members are staff (`userPool.staffGroups`); none without a pool. */
export function staffGroupsOf(p: Platform): readonly string[] {
  return p.gateways.primary?.authentication.userPool.staffGroups ?? [];
}
