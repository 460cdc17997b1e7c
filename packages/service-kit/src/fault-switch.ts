/**
 * The fault switch: lets a local release rehearse a bad version. `FAULT_5XX_RATE=0.5` answers that
 * share of requests with 503 in the one error shape (never the health, metrics and docs routes, so
 * the instance stays healthy and observable), spread evenly rather than at random so a test can
 * count; `FAULT_HEALTH=fail` makes `/health` fail, so the instance never becomes healthy.
 *
 * Local only. A process refuses to start with a fault set unless the runtime contract says it runs
 * under the local runtime: `DISCOVERY_MODE=registry`, which only `npm start` sets (the CDK task
 * definitions set `dns`, and `dns` is the default), and no `ECS_CONTAINER_METADATA_URI_V4`, which
 * the ECS agent puts in every task, so not even a task definition that copies local settings can
 * turn it on in AWS.
 */
import { ENV } from '@dwp/platform';
import { ServiceError } from '@dwp/service-errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { loadConfig } from './config.ts';
import type { DependencyCheck } from './health.ts';
import { isOperationalPath } from './identity/service-identity-plugin.ts';

const faultConfigSchema = z.object({
  [ENV.fault5xxRate]: z.coerce.number().min(0).max(1).default(0),
  [ENV.faultHealth]: z.enum(['fail', 'pass']).default('pass'),
  [ENV.discoveryMode]: z.string().optional(),
  [ENV.ecsContainerMetadataUri]: z.string().optional(),
});

export class FaultSwitchRefusedError extends Error {
  static readonly code = 'SVC_ERR_FAULT_SWITCH_REFUSED';
  readonly code = FaultSwitchRefusedError.code;
  constructor(service: string, variables: readonly string[], why: string) {
    super(
      `${service}: ${variables.join(' and ')} ${variables.length === 1 ? 'is' : 'are'} for local release rehearsals only, and ${why}; unset ${variables.length === 1 ? 'it' : 'them'}`,
    );
    this.name = 'FaultSwitchRefusedError';
  }
}

/** The answer to a request the switch fails: a 503 in the one error shape. */
export class FaultInjectedError extends ServiceError {
  static override readonly code = 'SVC_ERR_FAULT_INJECTED';
  constructor() {
    super(503, FaultInjectedError.code, `This instance fails on purpose (${ENV.fault5xxRate}); try again`);
  }
}

export interface FaultSwitch {
  /** Share of requests answered 503, 0 to 1. */
  readonly errorRate: number;
  readonly failHealth: boolean;
}

/**
 * The faults the environment asks for, or undefined when none is set.
 * @throws {ConfigError} (config.ts) when a fault variable has a bad value
 * @throws {FaultSwitchRefusedError} when one is set outside the local runtime
 */
export function faultSwitchOf(service: string, env: NodeJS.ProcessEnv): FaultSwitch | undefined {
  const config = loadConfig(service, faultConfigSchema, env);
  const errorRate = config[ENV.fault5xxRate];
  const failHealth = config[ENV.faultHealth] === 'fail';
  if (errorRate === 0 && !failHealth) return undefined;
  const set = [...(errorRate > 0 ? [ENV.fault5xxRate] : []), ...(failHealth ? [ENV.faultHealth] : [])];
  if (config[ENV.ecsContainerMetadataUri] !== undefined)
    throw new FaultSwitchRefusedError(service, set, `${ENV.ecsContainerMetadataUri} says this is an ECS task`);
  if (config[ENV.discoveryMode] !== 'registry')
    throw new FaultSwitchRefusedError(
      service,
      set,
      `${ENV.discoveryMode} is not "registry": this is not the local runtime (npm start)`,
    );
  return { errorRate, failHealth };
}

/** Which requests fail: every one whose turn brings the running share to a whole number. Pure. */
export class EvenFaults {
  readonly #rate: number;
  #owed = 0;

  constructor(rate: number) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError('rate must be from 0 to 1');
    this.#rate = rate;
  }

  /** Whether the next request fails. */
  next(): boolean {
    this.#owed += this.#rate;
    if (this.#owed < 1 - 1e-9) return false;
    this.#owed -= 1;
    return true;
  }
}

const FAILING_HEALTH: DependencyCheck = {
  name: 'fault-switch',
  check: () => Promise.reject(new Error(`${ENV.faultHealth}=fail`)),
};

export interface FaultSwitchOptions {
  readonly service: string;
  readonly env: NodeJS.ProcessEnv;
  /** The health checks `/health` runs: `FAULT_HEALTH=fail` adds one that fails. */
  readonly checks: DependencyCheck[];
}

export const faultSwitchPlugin = fp<FaultSwitchOptions>(
  async (app: FastifyInstance, opts) => {
    const faults = faultSwitchOf(opts.service, opts.env);
    if (!faults) return;
    app.log.warn({ faults }, 'fault switch on: this instance fails on purpose');
    if (faults.failHealth) opts.checks.push(FAILING_HEALTH);
    if (faults.errorRate === 0) return;
    const turns = new EvenFaults(faults.errorRate);
    const body = new FaultInjectedError().toBody();
    // Answered here rather than thrown: the error handler would log a warning for every one.
    app.addHook('onRequest', (request, reply, done) => {
      const path = request.url.split('?')[0]!;
      if (isOperationalPath(path) || path.endsWith('/health') || !turns.next()) {
        done();
        return;
      }
      void reply.code(503).header('retry-after', '1').send(body);
    });
  },
  { name: '@dwp/service-kit/fault-switch' },
);
