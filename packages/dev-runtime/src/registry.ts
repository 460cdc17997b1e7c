/**
 * The local Cloud Map: every instance of every service, its address, its health state and the
 * release revision it runs. Discovery clients read the healthy ones with their weights; the edge
 * picks through it; the status page reads all of them.
 *
 * Traffic shares (the ALB's weighted target groups, locally): per service, the share of traffic
 * each revision gets. Without shares every healthy instance gets an equal part. With them, a
 * revision's share is split evenly among its healthy instances, and the share of a revision with
 * no healthy instance goes to those that have one, so traffic never goes nowhere.
 */
import { EventEmitter } from 'node:events';
import { SmoothWeightedBalancer } from '@dwp/service-kit';
import { nextState, type HealthEvent, type InstanceState, type Thresholds } from './instance-state.ts';

/** The revision of the set `npm start` begins with ("blue"). */
export const FIRST_REVISION = 1;

export interface Instance {
  readonly id: string;
  readonly service: string;
  readonly host: string;
  readonly port: number;
  /** The release set it belongs to: FIRST_REVISION, then one more per release. */
  readonly revision: number;
  pid: number | undefined;
  state: InstanceState;
  restarts: number;
  lastCheck: { at: number; ok: boolean; detail?: string } | undefined;
}

export interface RegistryEvents {
  change: [instance: Instance, previous: InstanceState];
}

/** A healthy instance and its weight: the percent of its service's traffic it gets now. */
export interface WeightedInstance {
  readonly instance: Instance;
  readonly weight: number;
}

export class Registry extends EventEmitter<RegistryEvents> {
  readonly #instances = new Map<string, Instance>();
  readonly #byService = new Map<string, Instance[]>();
  readonly #balancers = new Map<string, SmoothWeightedBalancer>();
  readonly #shares = new Map<string, ReadonlyMap<number, number>>();
  /** Deregistered instances: their process may still report its exit, which then changes nothing. */
  readonly #retired = new Map<string, Instance>();
  readonly #thresholds: Thresholds;

  constructor(thresholds: Thresholds) {
    super();
    this.#thresholds = thresholds;
  }

  register(
    init: { id: string; service: string; host: string; port: number; revision?: number },
    at = Date.now(),
  ): Instance {
    if (this.#instances.has(init.id) || this.#retired.has(init.id))
      throw new Error(`instance ${init.id} is already registered`);
    const instance: Instance = {
      ...init,
      revision: init.revision ?? FIRST_REVISION,
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

  /** Takes an instance out of the registry: no longer listed, checked or picked. */
  deregister(id: string): void {
    const instance = this.#instances.get(id);
    if (!instance) return;
    this.#instances.delete(id);
    this.#retired.set(id, instance);
    const rest = this.instancesOf(instance.service).filter((i) => i.id !== id);
    this.#byService.set(instance.service, rest);
    this.#balancers.get(instance.service)?.forget(rest.map((i) => i.id));
  }

  /**
   * Sets the share of a service's traffic each revision gets (any non-negative numbers; they are
   * read as parts of their sum). A revision left out gets none.
   */
  setShares(service: string, shares: ReadonlyMap<number, number>): void {
    for (const [revision, share] of shares) {
      if (!Number.isFinite(share) || share < 0) throw new RangeError(`share of revision ${revision} must be >= 0`);
    }
    this.#shares.set(service, new Map(shares));
  }

  /** The shares set for a service, or undefined when its instances share traffic equally. */
  sharesOf(service: string): ReadonlyMap<number, number> | undefined {
    return this.#shares.get(service);
  }

  record(id: string, event: HealthEvent): Instance {
    const retired = this.#retired.get(id);
    if (retired) return retired;
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

  /**
   * The instances that take a service's traffic: the healthy ones, or, when none is, every running
   * one that fails its checks. An ALB whose targets are all unhealthy routes to all of them, as Cloud
   * Map answers HEALTHY_OR_ELSE_ALL: a service whose store is down then answers its own 503 with
   * Retry-After, rather than the gateway a bare "Service Unavailable".
   */
  servingOf(service: string): Instance[] {
    const healthy = this.healthyOf(service);
    if (healthy.length > 0) return healthy;
    return this.instancesOf(service).filter((i) => i.state.kind === 'unhealthy');
  }

  /** Every instance taking a service's traffic (servingOf) with the percent of it each gets (summing to 100). */
  weightedOf(service: string): WeightedInstance[] {
    const healthy = this.servingOf(service);
    const shares = this.#shares.get(service);
    if (!shares) return healthy.map((instance) => ({ instance, weight: 100 / healthy.length }));
    const perRevision = new Map<number, number>();
    for (const i of healthy) perRevision.set(i.revision, (perRevision.get(i.revision) ?? 0) + 1);
    const total = [...perRevision.keys()].reduce((sum, r) => sum + (shares.get(r) ?? 0), 0);
    return healthy.map((instance) => ({
      instance,
      weight:
        total > 0 ? ((shares.get(instance.revision) ?? 0) / total) * (100 / perRevision.get(instance.revision)!) : 0,
    }));
  }

  /**
   * The next healthy instance of a service by the traffic shares (smooth weighted round-robin,
   * plain round-robin without shares); undefined when none is healthy. A retry (`exclude` given)
   * goes to another revision when it can: see SmoothWeightedBalancer.
   */
  next(service: string, exclude: ReadonlySet<string> = new Set()): Instance | undefined {
    let balancer = this.#balancers.get(service);
    if (!balancer) {
      balancer = new SmoothWeightedBalancer();
      this.#balancers.set(service, balancer);
    }
    // An instance tried already may have left the healthy list since: its revision still counts.
    const weighted = [
      ...this.weightedOf(service),
      ...this.instancesOf(service)
        .filter((i) => exclude.has(i.id) && i.state.kind !== 'healthy')
        .map((instance) => ({ instance, weight: 0 })),
    ];
    const candidates = weighted.map((w) => ({
      id: w.instance.id,
      revision: w.instance.revision,
      weight: w.weight,
      instance: w.instance,
    }));
    return balancer.pick(candidates, exclude)?.instance;
  }
}
