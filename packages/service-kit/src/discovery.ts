/**
 * Finds a healthy instance of a service by its Cloud Map name (`claims-api.dwp.local`).
 *  - `registry` mode (local): asks the dev runtime's registry for healthy instances.
 *  - `dns` mode (AWS): resolves the Cloud Map DNS name; the port comes from the platform definition.
 *  - `SERVICE_URL_<NAME>` in the environment overrides both (e.g. an internal ALB's URL).
 * Instances are taken by the weights the registry gives (a release's traffic split), with smooth
 * weighted round-robin; without weights (dns mode, an older registry) plainly round-robin. One
 * that just failed to connect is skipped for a short while.
 */
import { promises as dns } from 'node:dns';
import { serviceUrlEnvName } from '@dwp/platform';
import { z } from 'zod';
import { SmoothWeightedBalancer } from './weighted-balancer.ts';

export interface Endpoint {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly origin: string;
  /** The release set it runs (registry mode). @default unknown */
  readonly revision?: number;
  /** Its percent of the service's traffic (registry mode). @default an equal share */
  readonly weight?: number;
}

export interface DiscoveryOptions {
  readonly mode: 'registry' | 'dns';
  readonly namespace: string;
  readonly registryUrl?: string;
  /** Container port of each service, from the platform definition (for dns mode). */
  readonly ports: ReadonlyMap<string, number>;
  readonly env?: NodeJS.ProcessEnv;
  /** How long a resolved list is reused. @default 1000 */
  readonly cacheMs?: number;
  /** How long an instance that failed a call is skipped. @default 5000 */
  readonly ejectMs?: number;
}

export class NoHealthyInstanceError extends Error {
  static readonly code = 'SVC_ERR_NO_HEALTHY_INSTANCE';
  readonly code = NoHealthyInstanceError.code;
  constructor(service: string) {
    super(`no healthy instance of ${service}`);
    this.name = 'NoHealthyInstanceError';
  }
}

export const DEFAULT_DISCOVERY_CACHE_MS = 1000;
export const DEFAULT_EJECT_MS = 5000;

interface Cached {
  readonly endpoints: readonly Endpoint[];
  readonly at: number;
}

/** The dev runtime registry's answer to `GET /v1/services/<name>/instances`. */
const registryAnswerSchema = z.object({
  instances: z
    .array(
      z.object({
        id: z.string().min(1),
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535),
        revision: z.number().int().positive().optional(),
        weight: z.number().min(0).optional(),
      }),
    )
    .default([]),
});

function endpointOf(
  id: string,
  host: string,
  port: number,
  balancing: { revision?: number | undefined; weight?: number | undefined } = {},
): Endpoint {
  return {
    id,
    host,
    port,
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ...(balancing.revision === undefined ? {} : { revision: balancing.revision }),
    ...(balancing.weight === undefined ? {} : { weight: balancing.weight }),
  };
}

export class DiscoveryClient {
  readonly #opts: DiscoveryOptions;
  readonly #cache = new Map<string, Cached>();
  readonly #inflight = new Map<string, Promise<readonly Endpoint[]>>();
  readonly #balancers = new Map<string, SmoothWeightedBalancer>();
  readonly #ejected = new Map<string, number>();

  constructor(opts: DiscoveryOptions) {
    if (opts.mode === 'registry' && !opts.registryUrl) {
      throw new TypeError('registry discovery needs registryUrl (DISCOVERY_REGISTRY_URL)');
    }
    this.#opts = opts;
  }

  /** `claims-api` -> `claims-api.dwp.local` */
  dnsName(service: string): string {
    return `${service}.${this.#opts.namespace}`;
  }

  /** Every healthy instance, freshest known list (stale rather than none if the registry is briefly away). */
  async instances(service: string): Promise<readonly Endpoint[]> {
    const override = (this.#opts.env ?? process.env)[serviceUrlEnvName(service)];
    if (override) {
      const url = new URL(override);
      return [endpointOf('override', url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)))];
    }
    const cached = this.#cache.get(service);
    const now = Date.now();
    if (cached && now - cached.at < (this.#opts.cacheMs ?? DEFAULT_DISCOVERY_CACHE_MS)) return cached.endpoints;
    let pending = this.#inflight.get(service);
    if (!pending) {
      pending = this.#lookup(service).finally(() => this.#inflight.delete(service));
      this.#inflight.set(service, pending);
    }
    try {
      const endpoints = await pending;
      this.#cache.set(service, { endpoints, at: Date.now() });
      this.#balancers.get(service)?.forget(endpoints.map((e) => e.id));
      return endpoints;
    } catch (err) {
      if (cached) return cached.endpoints;
      throw err;
    }
  }

  /**
   * The next healthy instance by weight, skipping recently failed ones while others remain. A retry
   * (`exclude` given) goes to another revision when it can: see SmoothWeightedBalancer.
   */
  async pick(service: string, exclude: ReadonlySet<string> = new Set()): Promise<Endpoint> {
    const all = await this.instances(service);
    const now = Date.now();
    let balancer = this.#balancers.get(service);
    if (!balancer) {
      balancer = new SmoothWeightedBalancer();
      this.#balancers.set(service, balancer);
    }
    // Excluded endpoints stay among the candidates: the balancer reads their revision.
    const live = all.filter((e) => exclude.has(e.id) || (this.#ejected.get(e.id) ?? 0) <= now);
    const picked = balancer.pick(live, exclude) ?? balancer.pick(all, exclude);
    if (!picked) throw new NoHealthyInstanceError(service);
    return picked;
  }

  /** Passive health: a call to this instance failed to connect; skip it for a while. */
  reportFailure(endpoint: Endpoint): void {
    this.#ejected.set(endpoint.id, Date.now() + (this.#opts.ejectMs ?? DEFAULT_EJECT_MS));
    for (const [service, cached] of this.#cache) {
      if (cached.endpoints.some((e) => e.id === endpoint.id)) this.#cache.set(service, { ...cached, at: 0 });
    }
  }

  async #lookup(service: string): Promise<readonly Endpoint[]> {
    if (this.#opts.mode === 'registry') {
      const res = await fetch(
        `${this.#opts.registryUrl}/v1/services/${encodeURIComponent(service)}/instances?healthy=true`,
        {
          signal: AbortSignal.timeout(1000),
        },
      );
      if (!res.ok) throw new Error(`registry answered ${res.status} for ${service}`);
      const parsed = registryAnswerSchema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new Error(`registry answered an unexpected body for ${service}: ${issues}`);
      }
      return parsed.data.instances.map((i) => endpointOf(i.id, i.host, i.port, i));
    }
    const port = this.#opts.ports.get(service);
    if (port === undefined) throw new NoHealthyInstanceError(service);
    const name = this.dnsName(service);
    const addresses = await dns.resolve4(name).catch(() => [name]);
    return addresses.map((a) => endpointOf(`${a}:${port}`, a, port));
  }
}
