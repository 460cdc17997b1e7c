/**
 * Checks every running instance on its service's health path, as Cloud Map and the ALB do, and
 * feeds the results to the registry. A starting instance is checked often so that it serves soon
 * after it listens; a running one at the (local) interval.
 */
import type { Registry } from './registry.ts';

export interface HealthCheckerOptions {
  /** Health path per service. */
  readonly paths: ReadonlyMap<string, string>;
  /** @default 2000 */
  readonly intervalMs?: number;
  /** @default 200 */
  readonly startingIntervalMs?: number;
  /** @default 1500 */
  readonly timeoutMs?: number;
}

export const DEV_HEALTH_INTERVAL_MS = 2000;

export class HealthChecker {
  readonly #registry: Registry;
  readonly #opts: Required<HealthCheckerOptions>;
  readonly #inflight = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(registry: Registry, opts: HealthCheckerOptions) {
    this.#registry = registry;
    this.#opts = { intervalMs: DEV_HEALTH_INTERVAL_MS, startingIntervalMs: 200, timeoutMs: 1500, ...opts };
  }

  start(): void {
    this.#timer = setInterval(() => {
      this.#tick();
    }, this.#opts.startingIntervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const now = Date.now();
    for (const instance of this.#registry.all()) {
      if (instance.state.kind === 'stopped' || this.#inflight.has(instance.id)) continue;
      const due =
        instance.state.kind === 'starting' ||
        !instance.lastCheck ||
        now - instance.lastCheck.at >= this.#opts.intervalMs;
      if (due) void this.#check(instance.id, instance.service, `http://${instance.host}:${instance.port}`);
    }
  }

  async #check(id: string, service: string, origin: string): Promise<void> {
    this.#inflight.add(id);
    const path = this.#opts.paths.get(service) ?? '/health';
    try {
      const res = await fetch(origin + path, { signal: AbortSignal.timeout(this.#opts.timeoutMs) });
      await res.body?.cancel();
      const at = Date.now();
      this.#registry.record(
        id,
        res.status === 200 ? { kind: 'check-passed', at } : { kind: 'check-failed', at, reason: `HTTP ${res.status}` },
      );
    } catch (err) {
      const instance = this.#registry.get(id);
      // A starting process that is not listening yet has not failed a check.
      if (instance?.state.kind !== 'starting') {
        this.#registry.record(id, { kind: 'check-failed', at: Date.now(), reason: (err as Error).message });
      }
    } finally {
      this.#inflight.delete(id);
    }
  }
}
