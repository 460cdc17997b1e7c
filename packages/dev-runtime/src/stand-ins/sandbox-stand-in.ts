/**
 * The shape every government-API sandbox stand-in shares: unless the runtime's environment already
 * names the real upstream (then it steps aside and passes those variables on), it prepares the
 * sandbox's secrets, starts the sandbox process, and hands the external gateway the sandbox's URL
 * and credentials under the variable names of the gateway's config.
 */
import { join } from 'node:path';
import { upstreamEnvNames } from '@dwp/platform';
import { spawnSandbox, type RunningSandbox } from '@dwp/sandboxes';
import { freePort } from '../free-port.ts';
import { KeptProcess } from '../kept-process.ts';
import type { PlannedStandIn, SelectableStandIn, StandInContext } from './stand-in.ts';

export interface SandboxPlan {
  /** Variables of the sandbox process. */
  readonly sandboxEnv: Readonly<Record<string, string>>;
  /** Variables the external gateway gets, given the sandbox's URL. */
  gatewayEnv(url: string): Readonly<Record<string, string>>;
  /** Variables other services get (a relying party's credentials), given the sandbox's URL. */
  serviceEnv?(url: string): Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** @default 'http' */
  readonly protocol?: 'http' | 'https';
}

export interface SandboxStandInOptions {
  readonly name: string;
  /** The upstream of `gateways.external` this sandbox stands in for. */
  readonly upstream: string;
  /**
   * Further upstreams the same sandbox answers for (another host of the same provider): when the
   * real `upstream` is configured, their variables are passed on with its own. @default none
   */
  readonly companions?: readonly string[];
  readonly entry: string;
  prepare(ctx: StandInContext): Promise<SandboxPlan> | SandboxPlan;
}

export function sandboxStandIn(opts: SandboxStandInOptions): SelectableStandIn {
  return {
    name: opts.name,
    needed: (platform) => (platform.gateways.external?.routes ?? []).some((r) => r.upstream === opts.upstream),
    async plan(ctx: StandInContext): Promise<PlannedStandIn> {
      const gatewayService = ctx.platform.gateways.external?.service;
      const names = upstreamEnvNames(opts.upstream);
      if (ctx.env[names.url]) {
        const variables = [opts.upstream, ...(opts.companions ?? [])].flatMap((u) =>
          Object.values(upstreamEnvNames(u)),
        );
        const passed = Object.fromEntries(variables.flatMap((v) => (ctx.env[v] ? [[v, ctx.env[v]]] : [])));
        return {
          name: opts.name,
          endpoint: '',
          env: {},
          envFor: (s) => (s === gatewayService ? passed : {}),
          ready: async () => undefined,
          stop: async () => undefined,
        };
      }
      const plan = await opts.prepare(ctx);
      // One port for every run of it, so the gateway's settings stay right across restarts.
      const port = await freePort();
      const start = (): Promise<RunningSandbox> =>
        spawnSandbox({
          port,
          name: opts.name,
          entry: opts.entry,
          env: { ...plan.sandboxEnv, LOG_LEVEL: ctx.env.LOG_LEVEL ?? 'warn', ...ctx.tracing?.envFor(opts.name) },
          ...(ctx.tracing ? { execArgv: ctx.tracing.execArgv } : {}),
          logFile: join(ctx.logDir, `${opts.name}.log`),
          ...(plan.protocol ? { protocol: plan.protocol } : {}),
        });
      const url = `${plan.protocol ?? 'http'}://127.0.0.1:${port}`;
      const kept = new KeptProcess({ name: opts.name, start, ...(ctx.console ? { console: ctx.console } : {}) });
      await kept.start();
      const gatewayEnv = plan.gatewayEnv(url);
      const others = plan.serviceEnv?.(url) ?? {};
      return {
        name: opts.name,
        endpoint: url,
        env: {},
        envFor: (service) => (service === gatewayService ? gatewayEnv : (others[service] ?? {})),
        ready: async () => undefined,
        stop: () => kept.stop(),
        health: () => kept.health(),
      };
    },
  };
}
