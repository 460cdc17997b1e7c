/**
 * API Gateway's stage canary, per service: a share of the traffic for a service goes to its canary
 * version (instances registered as `<service>-canary`, in Cloud Map as in the local registry).
 * Promotion makes the canary version the stable one; rollback sends everything back to stable.
 * Both take effect on the next request, without a restart.
 */
import { systemClock, type Clock } from '@dwp/clock';
import { z } from 'zod';
import { CanaryStateError, InvalidOptionError } from '../errors.ts';

/** The discovery name of a service's canary version: `claims-api` -> `claims-api-canary`. */
export const CANARY_SUFFIX = '-canary';

export type ServiceRouting =
  | { readonly kind: 'stable'; readonly target: string }
  | {
      readonly kind: 'canary';
      readonly target: string;
      readonly canaryTarget: string;
      readonly percent: number;
      readonly since: string;
    };

/** A snapshot as a replica wrote it, read back from a shared store: checked, not trusted. */
export const routingSnapshotSchema: z.ZodType<Record<string, ServiceRouting>> = z.record(
  z.string(),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('stable'), target: z.string() }),
    z.object({
      kind: z.literal('canary'),
      target: z.string(),
      canaryTarget: z.string(),
      percent: z.number(),
      since: z.string(),
    }),
  ]),
);

export interface CanaryRouterOptions {
  /** The definition's canary share (seed 000: 10). */
  readonly percentTraffic: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** When a canary starts (its `since`). @default systemClock */
  readonly clock?: Clock;
}

function checkPercent(option: string, percent: number): number {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100)
    throw new InvalidOptionError(option, `must be between 0 and 100, got ${percent}`);
  return percent;
}

export class CanaryRouter {
  readonly #defaultPercent: number;
  readonly #random: () => number;
  readonly #clock: Clock;
  readonly #routing = new Map<string, ServiceRouting>();

  constructor(opts: CanaryRouterOptions) {
    this.#defaultPercent = checkPercent('percentTraffic', opts.percentTraffic);
    this.#random = opts.random ?? Math.random;
    this.#clock = opts.clock ?? systemClock;
  }

  /** The discovery name this request for `service` goes to. */
  targetFor(service: string): string {
    const r = this.#routing.get(service);
    if (r === undefined) return service;
    switch (r.kind) {
      case 'stable':
        return r.target;
      case 'canary':
        return this.#random() * 100 < r.percent ? r.canaryTarget : r.target;
      default: {
        const never: never = r;
        throw new Error(`Unexpected routing ${JSON.stringify(never)}`);
      }
    }
  }

  routingOf(service: string): ServiceRouting {
    return this.#routing.get(service) ?? { kind: 'stable', target: service };
  }

  /** Starts (or re-weights) a canary: `percent` of the service's traffic goes to `canaryTarget`. */
  start(service: string, opts: { readonly percent?: number; readonly canaryTarget?: string } = {}): ServiceRouting {
    const current = this.routingOf(service);
    const percent = checkPercent('percent', opts.percent ?? this.#defaultPercent);
    const canaryTarget = opts.canaryTarget ?? `${service}${CANARY_SUFFIX}`;
    if (canaryTarget === current.target)
      throw new CanaryStateError(`${canaryTarget} is already the stable version of ${service}`);
    const next: ServiceRouting = {
      kind: 'canary',
      target: current.target,
      canaryTarget,
      percent,
      since: new Date(this.#clock.now()).toISOString(),
    };
    this.#routing.set(service, next);
    return next;
  }

  /** The canary version becomes the stable one and takes all of the service's traffic. */
  promote(service: string): ServiceRouting {
    const r = this.routingOf(service);
    if (r.kind !== 'canary') throw new CanaryStateError(`${service} has no canary to promote`);
    const next: ServiceRouting = { kind: 'stable', target: r.canaryTarget };
    this.#routing.set(service, next);
    return next;
  }

  /** Ends the canary: all of the service's traffic goes to the stable version again. */
  rollback(service: string): ServiceRouting {
    const r = this.routingOf(service);
    if (r.kind !== 'canary') throw new CanaryStateError(`${service} has no canary to roll back`);
    const next: ServiceRouting = { kind: 'stable', target: r.target };
    if (next.target === service) this.#routing.delete(service);
    else this.#routing.set(service, next);
    return next;
  }

  /** Every service whose routing differs from the plain default. */
  snapshot(): Record<string, ServiceRouting> {
    return Object.fromEntries(this.#routing);
  }

  /** Replaces the routing with a snapshot (another replica's, read from a shared store). */
  restore(snapshot: Readonly<Record<string, ServiceRouting>>): void {
    this.#routing.clear();
    for (const [service, r] of Object.entries(snapshot)) this.#routing.set(service, r);
  }
}
