/** The `docker compose ps`-style view of a running platform, as JSON and as a text table. Pure. */
import type { Instance } from './registry.ts';
import type { KeptState } from './kept-process.ts';
import type { ReleaseSummary } from './release/release-view.ts';

/** A process the runtime keeps running for the platform: its state and how often it was restarted. */
export interface KeptStatus {
  readonly state?: KeptState;
  readonly restarts?: number;
  readonly pid?: number;
}

export interface StoreStatus extends KeptStatus {
  readonly name: string;
  readonly kind: string;
  readonly endpoint: string;
  readonly embedded: boolean;
}

export interface PlatformStatus {
  readonly platform: string;
  readonly entry: string;
  readonly admin: string;
  readonly stores: readonly StoreStatus[];
  readonly standIns: ReadonlyArray<KeptStatus & { readonly name: string; readonly endpoint: string }>;
  readonly services: ReadonlyArray<{
    readonly name: string;
    readonly dnsName: string;
    readonly desired: number;
    readonly healthy: number;
    /** The service's release in progress, or its last one (`GET /v1/releases/<id>` has its steps). */
    readonly release?: ReleaseSummary;
    readonly instances: ReadonlyArray<{
      readonly id: string;
      readonly pid: number | null;
      readonly url: string;
      readonly state: Instance['state']['kind'];
      readonly since: string;
      readonly restarts: number;
      readonly lastCheck: Instance['lastCheck'] | null;
      /** The release set it runs (1 until a release). */
      readonly revision?: number;
      /** The percent of the service's traffic it gets now. */
      readonly weight?: number;
    }>;
  }>;
}

/** Nothing while all is well; otherwise what a person needs to know. */
function keptNote(s: KeptStatus): string {
  const parts = [
    ...(s.state && s.state !== 'running' ? [s.state] : []),
    ...(s.restarts ? [`${s.restarts} restart${s.restarts === 1 ? '' : 's'}`] : []),
  ];
  return parts.length ? `  [${parts.join(', ')}]` : '';
}

export function instanceView(
  i: Instance,
  weight: number | undefined,
): PlatformStatus['services'][number]['instances'][number] {
  return {
    id: i.id,
    pid: i.pid ?? null,
    url: `http://${i.host}:${i.port}`,
    state: i.state.kind,
    since: new Date(i.state.since).toISOString(),
    restarts: i.restarts,
    lastCheck: i.lastCheck ?? null,
    revision: i.revision,
    weight: weight ?? 0,
  };
}

/** `claims-api  canary  running, traffic 10 % on revision 2` */
function releaseLine(service: string, r: ReleaseSummary): string {
  const outcome = r.state === 'running' ? `running, ${r.percent} % of traffic on revision ${r.toRevision}` : r.state;
  return `  ${service.padEnd(12)} ${r.strategy}, revision ${r.fromRevision} -> ${r.toRevision}: ${outcome}${r.reason ? ` (${r.reason})` : ''}`;
}

export function renderTable(status: PlatformStatus): string {
  const rows: string[][] = [['SERVICE', 'INSTANCE', 'URL', 'HEALTH', 'RESTARTS']];
  for (const s of status.services) {
    for (const i of s.instances) rows.push([s.name, i.id, i.url, i.state, String(i.restarts)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const stores = [
    ...status.stores.map((s) => `  ${s.kind.padEnd(12)} ${s.endpoint}${s.embedded ? ' (embedded)' : ''}${keptNote(s)}`),
    ...status.standIns
      .filter((s) => s.endpoint)
      .map((s) => `  ${s.name.padEnd(12)} ${s.endpoint} (stand-in)${keptNote(s)}`),
  ];
  const releases = status.services.flatMap((s) => (s.release ? [releaseLine(s.name, s.release)] : []));
  return [
    rows.map(line).join('\n'),
    '',
    `Public entry: ${status.entry}   (/ frontend, /api/* primary API gateway)`,
    `Operations console: ${status.admin}/   (service map, instances, gateways, traces)`,
    `Status JSON:  ${status.admin}/status`,
    ...(stores.length ? ['Data stores and stand-ins:', ...stores] : []),
    ...(releases.length ? ['Releases (npm run release):', ...releases] : []),
  ].join('\n');
}
