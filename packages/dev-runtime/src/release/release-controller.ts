/**
 * Runs releases in the runtime process, the local stand-in for an ECS blue/green, canary or linear
 * deployment: start the new set beside the old with the overrides, wait for its health checks,
 * run the smoke test straight to a new instance, then walk the traffic steps in the registry's
 * balancer while the rollback alarms watch the new set's own metrics; finish (the new set serves
 * alone, the old drained and stopped) or roll back (all traffic back to the old set, the new
 * stopped). A new set that is not healthy within the bound never takes traffic. One release per
 * service at a time.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Platform } from '@dwp/platform';
import { parsePrometheusText } from '../console/prometheus-text.ts';
import type { Registry } from '../registry.ts';
import {
  EMPTY_SNAPSHOT,
  breachesOf,
  combined,
  readingBetween,
  snapshotOf,
  type MetricsSnapshot,
} from './alarm-evaluator.ts';
import type { InstanceSets } from './instance-sets.ts';
import { planRehearsal, type RehearsalPlan } from './rehearsal-plan.ts';
import { ReleaseLog } from './release-log.ts';
import type { ReleaseRequest } from './release-request.ts';
import { summaryOf, type ReleaseSummary, type ReleaseView } from './release-view.ts';
import { walkSteps, type WalkAction } from './step-walker.ts';

/**
 * How long a retired set stays up out of the registry: discovery clients reuse the registry's
 * answer for a second (DEFAULT_DISCOVERY_CACHE_MS), then requests in flight end. The ALB's
 * deregistration delay, scaled for a laptop.
 */
export const DEFAULT_DRAIN_MS = 2500;
/**
 * How long a shift takes to reach every caller: discovery clients reuse the registry's answer for a
 * second. A step's watch starts after it (its first period also covers it), so the first period
 * sees the new split, not the old.
 */
export const DEFAULT_SETTLE_MS = 1200;
const HEALTH_POLL_MS = 100;
const SCRAPE_TIMEOUT_MS = 1000;
/** Releases kept for `GET /v1/releases`, newest last. */
const KEPT_RELEASES = 50;

export class UnknownProcessError extends Error {
  static readonly code = 'ADMIN_ERR_UNKNOWN_SERVICE';
  readonly code = UnknownProcessError.code;
  constructor(service: string) {
    super(`No service ${service} runs on this platform`);
    this.name = 'UnknownProcessError';
  }
}

export class ReleaseInProgressError extends Error {
  static readonly code = 'ADMIN_ERR_RELEASE_IN_PROGRESS';
  readonly code = ReleaseInProgressError.code;
  readonly releaseId: string;
  constructor(service: string, releaseId: string) {
    super(`${service} is being released (${releaseId}); wait for it to finish or roll back`);
    this.name = 'ReleaseInProgressError';
    this.releaseId = releaseId;
  }
}

/** Ends a release's walk with a rollback. */
class RollBack extends Error {}

export interface ReleaseControllerOptions {
  readonly platform: Platform;
  readonly registry: Registry;
  readonly sets: InstanceSets;
  /** Told of each step as it ends (the runtime's console). @default nothing */
  readonly console?: (line: string) => void;
  /** @default DEFAULT_DRAIN_MS */
  readonly drainMs?: number;
  /** @default DEFAULT_SETTLE_MS */
  readonly settleMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export class ReleaseController {
  readonly #opts: ReleaseControllerOptions;
  readonly #releases: ReleaseLog[] = [];
  readonly #running = new Map<string, ReleaseLog>();
  readonly #abort = new AbortController();
  readonly #walks = new Set<Promise<void>>();

  constructor(opts: ReleaseControllerOptions) {
    this.#opts = opts;
  }

  /**
   * Starts a release and answers at once; it runs in the background.
   * @throws {UnknownProcessError} when no such service runs
   * @throws {ReleaseInProgressError} when the service is being released already
   */
  start(request: ReleaseRequest): ReleaseView {
    const { registry, sets } = this.#opts;
    const { service } = request;
    const from = sets.servingRevision(service);
    if (from === undefined || !registry.services().includes(service)) throw new UnknownProcessError(service);
    const running = this.#running.get(service);
    if (running) throw new ReleaseInProgressError(service, running.id);
    const plan = planRehearsal(this.#opts.platform, service, request);
    const log = new ReleaseLog(
      {
        id: randomUUID(),
        plan,
        fromRevision: from,
        toRevision: sets.nextRevision(service),
        env: Object.keys(request.env),
        healthTimeoutMs: request.healthTimeoutMs,
      },
      this.#opts.now ?? Date.now,
    );
    this.#running.set(service, log);
    this.#releases.push(log);
    if (this.#releases.length > KEPT_RELEASES) this.#releases.splice(0, this.#releases.length - KEPT_RELEASES);
    const walk = this.#run(log, plan, request)
      .catch((err: unknown) => {
        // Even the rollback failed (a process would not stop): say so rather than crash the runtime.
        const why = `the release could not roll back: ${err instanceof Error ? err.message : String(err)}`;
        if (log.state === 'running') log.close('aborted', why);
        this.#opts.console?.(`release ${service} ${log.id.slice(0, 8)}: ${why}`);
      })
      .finally(() => {
        this.#running.delete(service);
        this.#walks.delete(walk);
      });
    this.#walks.add(walk);
    return log.view();
  }

  get(id: string): ReleaseView | undefined {
    return this.#releases.find((r) => r.id === id)?.view();
  }

  list(): ReleaseView[] {
    return this.#releases.map((r) => r.view());
  }

  /** The latest release of each service, for `/status`. */
  summaries(): Map<string, ReleaseSummary> {
    const out = new Map<string, ReleaseSummary>();
    for (const r of this.#releases) out.set(r.service, summaryOf(r.view()));
    return out;
  }

  /** Stops every release where it is (the platform is stopping: its processes go with it). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.allSettled([...this.#walks]);
  }

  async #run(log: ReleaseLog, plan: RehearsalPlan, request: ReleaseRequest): Promise<void> {
    const { registry, sets } = this.#opts;
    const signal = this.#abort.signal;
    const service = plan.service;
    const view = log.view();
    const blue = view.fromRevision;
    const green = view.toRevision;
    const say = (line: string) => this.#opts.console?.(`release ${service} ${log.id.slice(0, 8)}: ${line}`);
    const shares = (greenPercent: number) => {
      registry.setShares(
        service,
        new Map([
          [blue, 100 - greenPercent],
          [green, greenPercent],
        ]),
      );
      log.shifted(greenPercent);
    };
    let greenIds: readonly string[] = [];
    const scraper = new GreenScraper(registry);
    try {
      const replicas = registry.instancesOf(service).filter((i) => i.revision === blue).length;
      shares(0);
      log.begin('start-green', `starting ${replicas} instance${replicas === 1 ? '' : 's'} of revision ${green}`);
      greenIds = await sets.start(service, green, replicas, request.env);
      log.end('passed', `started ${greenIds.join(', ')} (revision ${green}) beside revision ${blue}, with no traffic`);

      log.begin('health-check', `waiting up to ${request.healthTimeoutMs} ms for ${greenIds.length} health checks`);
      await this.#healthy(greenIds, request.healthTimeoutMs, signal);
      log.end('passed', `${greenIds.join(', ')} healthy`);

      if (plan.smokeTest) {
        const t = plan.smokeTest;
        log.begin('smoke-test', `GET ${t.path} on ${greenIds[0]!}, expecting ${t.expectStatus}`);
        await this.#smokeTest(greenIds[0]!, t, signal);
        log.end('passed', `GET ${t.path} on ${greenIds[0]!} answered ${t.expectStatus}`);
      }

      let before = await scraper.snapshot(greenIds);
      const walker = walkSteps(plan);
      let action: IteratorResult<WalkAction> = walker.next();
      while (!action.done) {
        const a = action.value;
        switch (a.kind) {
          case 'shift':
            log.begin('traffic', `${a.percent} % of traffic to revision ${green}, watched for ${a.bakeMs} ms`, {
              bakeMs: a.bakeMs,
            });
            shares(a.percent);
            say(`${a.percent} % of traffic on revision ${green}`);
            await sleep(this.#opts.settleMs ?? DEFAULT_SETTLE_MS, undefined, { signal });
            action = walker.next();
            break;
          case 'observe': {
            await sleep(a.periodMs, undefined, { signal });
            const after = await scraper.snapshot(greenIds);
            const reading = readingBetween(before, after);
            before = after;
            log.period({ ...reading, breaches: breachesOf(plan.alarms, reading) });
            log.green({ instances: greenIds, requests: after.requests, errors: after.errors });
            const unhealthy = greenIds.filter((id) => registry.get(id)?.state.kind !== 'healthy');
            action = walker.next({ reading, unhealthy });
            break;
          }
          case 'roll-back':
            throw new RollBack(a.reason);
          case 'finish':
            log.begin('finish', `revision ${green} serves alone; draining and stopping revision ${blue}`);
            sets.promote(service, green);
            registry.setShares(service, new Map([[green, 100]]));
            // The point of no return: the new set serves and the old one is leaving. A failure to
            // stop the old set is reported, never answered by a rollback onto instances going away.
            try {
              await sets.retire(service, blue, this.#opts.drainMs ?? DEFAULT_DRAIN_MS);
              log.end(
                'passed',
                `revision ${blue} drained and stopped; ${greenIds.join(', ')} ${greenIds.length === 1 ? 'serves' : 'serve'}`,
              );
            } catch (err) {
              if (signal.aborted) throw err;
              log.end(
                'passed',
                `${greenIds.join(', ')} ${greenIds.length === 1 ? 'serves' : 'serve'}; revision ${blue} did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
              );
            }
            log.close('succeeded');
            say('succeeded');
            action = walker.next();
            break;
          default: {
            const never: never = a;
            throw new Error(`Unexpected walk action ${JSON.stringify(never)}`);
          }
        }
      }
    } catch (err) {
      if (signal.aborted) {
        log.close('aborted', 'the platform stopped');
        return;
      }
      const reason =
        err instanceof RollBack
          ? err.message
          : `the release failed: ${err instanceof Error ? err.message : String(err)}`;
      log.end('failed', reason);
      log.begin('roll-back', `all traffic back to revision ${blue}; stopping revision ${green}`);
      shares(0);
      const last = await scraper.snapshot(greenIds);
      log.green({ instances: greenIds, requests: last.requests, errors: last.errors });
      await sets.retire(service, green, this.#opts.drainMs ?? DEFAULT_DRAIN_MS);
      registry.setShares(service, new Map([[blue, 100]]));
      log.end('passed', `all traffic on revision ${blue}; revision ${green} stopped`);
      log.close('rolled-back', reason);
      say(`rolled back: ${reason}`);
    }
  }

  async #healthy(ids: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    const { registry } = this.#opts;
    const deadline = Date.now() + timeoutMs;
    const pending = () => ids.filter((id) => registry.get(id)?.state.kind !== 'healthy');
    while (pending().length > 0) {
      if (Date.now() > deadline) {
        const why = pending().map((id) => {
          const i = registry.get(id);
          return `${id} (${i?.state.kind ?? 'gone'}${i?.lastCheck?.detail ? `: ${i.lastCheck.detail}` : ''})`;
        });
        throw new RollBack(`the new version was not healthy within ${timeoutMs} ms: ${why.join(', ')}`);
      }
      await sleep(HEALTH_POLL_MS, undefined, { signal });
    }
  }

  async #smokeTest(id: string, test: NonNullable<RehearsalPlan['smokeTest']>, signal: AbortSignal): Promise<void> {
    const instance = this.#opts.registry.get(id);
    if (!instance) throw new RollBack(`smoke test: ${id} is gone`);
    let status: number;
    try {
      const res = await fetch(`http://${instance.host}:${instance.port}${test.path}`, {
        signal: AbortSignal.any([signal, AbortSignal.timeout(test.timeoutSeconds * 1000)]),
      });
      await res.body?.cancel();
      status = res.status;
    } catch (err) {
      if (signal.aborted) throw err;
      throw new RollBack(`smoke test GET ${test.path} on ${id} failed: ${(err as Error).message}`);
    }
    if (status !== test.expectStatus)
      throw new RollBack(`smoke test GET ${test.path} on ${id} answered ${status}, not ${test.expectStatus}`);
  }
}

/** Reads the new set's `/metrics`; an instance that does not answer keeps its last reading. */
class GreenScraper {
  readonly #registry: Registry;
  readonly #last = new Map<string, MetricsSnapshot>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  async snapshot(ids: readonly string[]): Promise<MetricsSnapshot> {
    const each = await Promise.all(
      ids.map(async (id) => {
        const i = this.#registry.get(id);
        if (i) {
          try {
            const res = await fetch(`http://${i.host}:${i.port}/metrics`, {
              signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS),
            });
            if (res.ok) this.#last.set(id, snapshotOf(parsePrometheusText(await res.text())));
            else await res.body?.cancel();
          } catch {
            // Not answering (starting, stopping): its last reading stands.
          }
        }
        return this.#last.get(id) ?? EMPTY_SNAPSHOT;
      }),
    );
    return combined(each);
  }
}
