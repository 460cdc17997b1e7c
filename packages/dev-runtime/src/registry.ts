/**
 * The local Cloud Map: every instance of every service, its address and its health state.
 * Discovery clients read the healthy ones; the edge and the status page read all of them.
 */
import { EventEmitter } from 'node:events';
import { nextState, type HealthEvent, type InstanceState, type Thresholds } from './instance-state.ts';

export interface Instance {
  readonly id: string;
  readonly service: string;
  readonly host: string;
  readonly port: number;
  pid: number | undefined;
  state: InstanceState;
  restarts: number;
  lastCheck: { at: number; ok: boolean; detail?: string } | undefined;
}

export interface RegistryEvents {
  change: [instance: Instance, previous: InstanceState];
}

export class Registry extends EventEmitter<RegistryEvents> {
  readonly #instances = new Map<string, Instance>();
  readonly #byService = new Map<string, Instance[]>();
  readonly #cursor = new Map<string, number>();
  readonly #thresholds: Thresholds;

  constructor(thresholds: Thresholds) {
    super();
    this.#thresholds = thresholds;
  }

  register(init: { id: string; service: string; host: string; port: number }, at = Date.now()): Instance {
    if (this.#instances.has(init.id)) throw new Error(`instance ${init.id} is already registered`);
    const instance: Instance = {
      ...init,
      pid: undefined,
      state: { kind: 'stopped', since: at, reason: 'not started' },
      restarts: 0,
      lastCheck: undefined,
    };
    this.#instances.set(init.id, instance);
    const list = this.#byService.get(init.service) ?? [];
    list.push(instance);
    this.#byService.set(init.service, list);
    return instance;
  }

  record(id: string, event: HealthEvent): Instance {
    const instance = this.#instances.get(id);
    if (!instance) throw new Error(`unknown instance ${id}`);
    const previous = instance.state;
    instance.state = nextState(previous, event, this.#thresholds);
    if (event.kind === 'check-passed' || event.kind === 'check-failed') {
      instance.lastCheck = {
        at: event.at,
        ok: event.kind === 'check-passed',
        ...(event.kind === 'check-failed' ? { detail: event.reason } : {}),
      };
    }
    if (instance.state.kind !== previous.kind) this.emit('change', instance, previous);
    return instance;
  }

  get(id: string): Instance | undefined {
    return this.#instances.get(id);
  }

  services(): string[] {
    return [...this.#byService.keys()];
  }

  instancesOf(service: string): readonly Instance[] {
    return this.#byService.get(service) ?? [];
  }

  healthyOf(service: string): Instance[] {
    return this.instancesOf(service).filter((i) => i.state.kind === 'healthy');
  }

  all(): Instance[] {
    return [...this.#instances.values()];
  }

  /** The next healthy instance of a service, round-robin; undefined when none is healthy. */
  next(service: string, exclude: ReadonlySet<string> = new Set()): Instance | undefined {
    const healthy = this.healthyOf(service).filter((i) => !exclude.has(i.id));
    if (healthy.length === 0) return undefined;
    const i = (this.#cursor.get(service) ?? 0) % healthy.length;
    this.#cursor.set(service, i + 1);
    return healthy[i];
  }
}
