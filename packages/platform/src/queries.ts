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

/** Every service the local runtime starts, plus the primary gateway as a process of its own. */
export function localProcessesOf(p: Platform): Array<{ name: string; app: string; replicas: number }> {
  const list = p.services.map((s) => ({ name: s.name, app: appOf(s), replicas: s.local.replicas }));
  const gw = p.gateways.primary;
  if (gw) list.push({ name: gw.name, app: 'api-gateway', replicas: gw.local.replicas });
  return list;
}
