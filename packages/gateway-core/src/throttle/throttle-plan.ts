/**
 * Which buckets a request must take a token from, read from the platform definition and in API
 * Gateway's order: the API key's per-method limit, the key's limit, the stage's per-method limit,
 * the stage's limit. Bucket lists are built once per route (and once per key and route), so the
 * request path allocates nothing for them.
 */
import type { GatewayRoute, PrimaryGateway, UsagePlan } from '@dwp/platform';
import type { Clock } from '@dwp/clock';
import { systemClock } from '@dwp/clock';
import { InvalidOptionError } from '../errors.ts';
import { quotaPeriodOf } from './quota-period.ts';
import type { BucketCheck, QuotaCheck } from './throttle-types.ts';

/** The header API Gateway reads API keys from. */
export const API_KEY_HEADER = 'x-api-key';

export type ThrottlePlanResult =
  | {
      readonly kind: 'check';
      readonly buckets: readonly BucketCheck[];
      readonly quota: QuotaCheck | undefined;
      readonly apiKey: string | undefined;
    }
  /** The method requires an API key and none (or an unknown one) was sent: API Gateway's 403 Forbidden. */
  | { readonly kind: 'forbidden' };

interface ApiKey {
  readonly name: string;
  readonly plan: UsagePlan;
}

export interface ThrottlePlanOptions {
  readonly gateway: PrimaryGateway;
  /** Where API key values are read from (each key names its variable). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default the system clock */
  readonly clock?: Clock;
}

const routeId = (r: Pick<GatewayRoute, 'method' | 'path'>) => `${r.method} ${r.path}`;

export class ThrottlePlan {
  readonly #stage: string;
  readonly #gateway: PrimaryGateway;
  readonly #clock: Clock;
  readonly #keys = new Map<string, ApiKey>();
  readonly #byRoute = new Map<GatewayRoute, readonly BucketCheck[]>();
  readonly #byKeyRoute = new Map<string, Map<GatewayRoute, readonly BucketCheck[]>>();

  constructor(opts: ThrottlePlanOptions) {
    const env = opts.env ?? process.env;
    this.#gateway = opts.gateway;
    this.#clock = opts.clock ?? systemClock;
    this.#stage = `${opts.gateway.name}/${opts.gateway.stage}`;
    for (const plan of opts.gateway.usagePlans ?? []) {
      for (const key of plan.apiKeys) {
        const value = env[key.valueFromEnv];
        // A key whose value is not set cannot be presented; it is left out rather than matching ''.
        if (!value) continue;
        if (this.#keys.has(value))
          throw new InvalidOptionError(`usagePlans.${plan.name}.apiKeys.${key.name}`, 'two API keys share one value');
        this.#keys.set(value, { name: key.name, plan });
      }
      for (const m of plan.methodThrottling) {
        if (!opts.gateway.routes.some((r) => r.path === m.path && r.method === m.method)) {
          throw new InvalidOptionError(`usagePlans.${plan.name}.methodThrottling`, `no gateway route ${routeId(m)}`);
        }
      }
    }
    for (const route of opts.gateway.routes) this.#byRoute.set(route, this.#stageBuckets(route));
  }

  /** Number of API keys whose values are configured. */
  get apiKeyCount(): number {
    return this.#keys.size;
  }

  plan(route: GatewayRoute, apiKeyValue: string | undefined): ThrottlePlanResult {
    if (!route.apiKeyRequired)
      return {
        kind: 'check',
        buckets: this.#byRoute.get(route) ?? this.#stageBuckets(route),
        quota: undefined,
        apiKey: undefined,
      };
    const key = apiKeyValue === undefined ? undefined : this.#keys.get(apiKeyValue);
    if (!key) return { kind: 'forbidden' };
    let perRoute = this.#byKeyRoute.get(key.name);
    if (!perRoute) {
      perRoute = new Map();
      this.#byKeyRoute.set(key.name, perRoute);
    }
    let buckets = perRoute.get(route);
    if (!buckets) {
      buckets = [...this.#keyBuckets(key, route), ...(this.#byRoute.get(route) ?? this.#stageBuckets(route))];
      perRoute.set(route, buckets);
    }
    const q = key.plan.quota;
    let quota: QuotaCheck | undefined;
    if (q) {
      const period = quotaPeriodOf(q.period, this.#clock.now());
      quota = { key: key.name, limit: q.limit, periodStart: period.start, periodEnd: period.end };
    }
    return { kind: 'check', buckets, quota, apiKey: key.name };
  }

  #keyBuckets(key: ApiKey, route: GatewayRoute): BucketCheck[] {
    const out: BucketCheck[] = [];
    const m = key.plan.methodThrottling.find((t) => t.path === route.path && t.method === route.method);
    if (m)
      out.push({
        level: 'key-method',
        key: `key-method:${key.name}:${routeId(route)}`,
        limit: { rate: m.rateLimit, burst: m.burstLimit },
      });
    const t = key.plan.throttling;
    if (t) out.push({ level: 'key', key: `key:${key.name}`, limit: { rate: t.rateLimit, burst: t.burstLimit } });
    return out;
  }

  #stageBuckets(route: GatewayRoute): BucketCheck[] {
    const out: BucketCheck[] = [];
    if (route.throttling) {
      out.push({
        level: 'stage-method',
        key: `stage-method:${this.#stage}:${routeId(route)}`,
        limit: { rate: route.throttling.rateLimit, burst: route.throttling.burstLimit },
      });
    }
    const s = this.#gateway.throttling;
    out.push({ level: 'stage', key: `stage:${this.#stage}`, limit: { rate: s.rateLimit, burst: s.burstLimit } });
    return out;
  }
}
