/**
 * What the external gateway knows about its upstreams, for people and dashboards:
 * `GET /external/status` (JSON) and Prometheus gauges and counters on /metrics.
 */
import type { ServiceApp } from '@dwp/service-kit';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { UpstreamClient } from './upstream/upstream-client.ts';

/** Gauge values of `external_upstream_circuit_state`. */
export const CIRCUIT_STATE_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;
export const STATUS_PATH = '/external/status';

export function externalMetrics(registry: Registry, clients: readonly UpstreamClient[]) {
  new Gauge({
    name: 'external_upstream_circuit_state',
    help: 'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open, 3 isolated',
    labelNames: ['upstream'] as const,
    registers: [registry],
    collect() {
      for (const c of clients) this.set({ upstream: c.upstream }, CIRCUIT_STATE_VALUES[c.circuit().state]);
    },
  });
  const calls = new Counter({
    name: 'external_upstream_calls_total',
    help: 'Calls to each upstream by outcome: the answer class (2xx..5xx) or the gateway error code',
    labelNames: ['upstream', 'outcome'] as const,
    registers: [registry],
  });
  return {
    onOutcome: (upstream: string, outcome: string) => {
      calls.inc({ upstream, outcome });
    },
  };
}

export function externalStatusRoute(app: ServiceApp, clients: readonly UpstreamClient[]): void {
  app.get(STATUS_PATH, { config: { auth: 'public' }, schema: { hide: true } }, async () => ({
    upstreams: await Promise.all(
      clients.map(async (c) => ({
        upstream: c.upstream,
        path: c.route.path,
        methods: c.route.methods,
        auth: c.route.auth,
        callers: c.route.callers,
        configured: c.config.kind === 'configured',
        circuit: c.circuit(),
        rateLimit: { ...c.route.rateLimit },
      })),
    ),
  }));
}
