/**
 * The instances the runtime runs for each service, one set per release revision, as an ECS
 * service's task sets: `npm start` begins every service with revision 1 ("blue"); a release starts
 * the next revision ("green") beside it, with the same launch settings and its own overrides, and
 * one of the two sets is retired when the release ends. Each set has its own supervisor, so a set
 * stops without touching the other.
 */
import { ENV } from '@dwp/platform';
import { freePort } from '../free-port.ts';
import { FIRST_REVISION, type Registry } from '../registry.ts';
import { Supervisor, type SupervisorOptions } from '../supervisor.ts';

/** How a service's process is launched: what every instance of it gets, bar its port and id. */
export interface LaunchSpec {
  /** Absolute path of the entrypoint. */
  readonly entry: string;
  readonly execArgv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export interface InstanceSetsOptions {
  readonly registry: Registry;
  readonly supervisor: SupervisorOptions;
  readonly launchSpecOf: (service: string) => LaunchSpec;
  /** @default 127.0.0.1 */
  readonly host?: string;
}

interface InstanceSet {
  readonly service: string;
  readonly revision: number;
  readonly supervisor: Supervisor;
  readonly ids: readonly string[];
}

/** `claims-api-1` for the first set (as before releases existed), `claims-api-r2-1` after. */
export function instanceIdOf(service: string, revision: number, n: number): string {
  return revision === FIRST_REVISION ? `${service}-${n}` : `${service}-r${revision}-${n}`;
}

export class InstanceSets {
  readonly #opts: InstanceSetsOptions;
  readonly #sets = new Map<string, InstanceSet>();
  /** The revision that serves each service when no release runs. */
  readonly #serving = new Map<string, number>();
  /** The last revision started per service, so a revision number is never used twice. */
  readonly #latest = new Map<string, number>();

  constructor(opts: InstanceSetsOptions) {
    this.#opts = opts;
  }

  /** Registers and starts `replicas` instances of a revision; resolves with their ids. */
  async start(
    service: string,
    revision: number,
    replicas: number,
    overrides: Readonly<Record<string, string>> = {},
  ): Promise<string[]> {
    const key = keyOf(service, revision);
    if (this.#sets.has(key)) throw new Error(`${service} revision ${revision} is already running`);
    if (revision <= (this.#latest.get(service) ?? 0)) throw new Error(`${service} revision ${revision} was used`);
    this.#latest.set(service, revision);
    if (!this.#serving.has(service)) this.#serving.set(service, revision);
    const spec = this.#opts.launchSpecOf(service);
    const supervisor = new Supervisor(this.#opts.registry, this.#opts.supervisor);
    const ids: string[] = [];
    this.#sets.set(key, { service, revision, supervisor, ids });
    for (let n = 1; n <= replicas; n++) {
      const id = instanceIdOf(service, revision, n);
      const port = await freePort();
      this.#opts.registry.register({ id, service, host: this.#opts.host ?? '127.0.0.1', port, revision });
      supervisor.start({
        id,
        entry: spec.entry,
        execArgv: spec.execArgv,
        // The runtime's own values last: an override cannot take an instance's port or id.
        env: { ...spec.env, ...overrides, [ENV.port]: String(port), [ENV.instanceId]: id },
      });
      ids.push(id);
    }
    return ids;
  }

  servingRevision(service: string): number | undefined {
    return this.#serving.get(service);
  }

  /** The revision a release of the service starts next. */
  nextRevision(service: string): number {
    return (this.#latest.get(service) ?? 0) + 1;
  }

  idsOf(service: string, revision: number): readonly string[] {
    return this.#sets.get(keyOf(service, revision))?.ids ?? [];
  }

  /** Makes a revision the one that serves the service. */
  promote(service: string, revision: number): void {
    if (!this.#sets.has(keyOf(service, revision))) throw new Error(`${service} has no revision ${revision}`);
    this.#serving.set(service, revision);
  }

  /**
   * Takes a set out of the registry, so no new request reaches it, waits `drainMs` for callers'
   * cached lists to move on and requests in flight to end (the ALB's deregistration delay), then
   * stops its processes.
   */
  async retire(service: string, revision: number, drainMs: number): Promise<void> {
    const key = keyOf(service, revision);
    const set = this.#sets.get(key);
    if (!set) return;
    for (const id of set.ids) this.#opts.registry.deregister(id);
    await new Promise((r) => setTimeout(r, drainMs));
    await set.supervisor.stopAll();
    this.#sets.delete(key);
  }

  pidOf(id: string): number | undefined {
    for (const set of this.#sets.values()) if (set.ids.includes(id)) return set.supervisor.pidOf(id);
    return undefined;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#sets.values()].map((s) => s.supervisor.stopAll()));
  }
}

const keyOf = (service: string, revision: number) => `${service}#${revision}`;
