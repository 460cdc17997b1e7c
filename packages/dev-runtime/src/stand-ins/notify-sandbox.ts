/**
 * The GOV.UK Notify sandbox in place of Notify: a fresh API key each run, handed to the notifier
 * as `NOTIFY_BASE_URL` and `NOTIFY_API_KEY`. Steps aside when `NOTIFY_BASE_URL` names a real one.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSandbox, type RunningSandbox } from '@dwp/sandboxes';
import { freePort } from '../free-port.ts';
import type { PlannedStandIn, SelectableStandIn, StandInContext } from './stand-in.ts';

/** The service that sends through Notify. */
export const NOTIFY_CLIENT_SERVICE = 'notifier';
const ENTRY = join(dirname(fileURLToPath(import.meta.resolve('@dwp/sandboxes'))), 'notify', 'main.ts');

export const notifySandbox: SelectableStandIn = {
  name: 'notify-sandbox',
  needed: (platform) => platform.services.some((s) => s.name === NOTIFY_CLIENT_SERVICE),
  async plan(ctx: StandInContext): Promise<PlannedStandIn> {
    if (ctx.env.NOTIFY_BASE_URL || !ctx.platform.services.some((s) => s.name === NOTIFY_CLIENT_SERVICE)) {
      const passed = Object.fromEntries(
        ['NOTIFY_BASE_URL', 'NOTIFY_API_KEY'].flatMap((v) => (ctx.env[v] ? [[v, ctx.env[v]]] : [])),
      );
      return {
        name: 'notify-sandbox',
        endpoint: '',
        env: {},
        envFor: (s) => (s === NOTIFY_CLIENT_SERVICE ? passed : {}),
        ready: async () => undefined,
        stop: async () => undefined,
      };
    }
    const apiKey = `dwp_local-${randomUUID()}-${randomUUID()}`;
    const running: RunningSandbox = await spawnSandbox({
      port: await freePort(),
      name: 'notify-sandbox',
      entry: ENTRY,
      env: { NOTIFY_SANDBOX_API_KEY: apiKey, LOG_LEVEL: ctx.env.LOG_LEVEL ?? 'warn' },
      logFile: join(ctx.logDir, 'notify-sandbox.log'),
    });
    const notifierEnv = { NOTIFY_BASE_URL: running.url, NOTIFY_API_KEY: apiKey };
    return {
      name: 'notify-sandbox',
      endpoint: running.url,
      env: {},
      envFor: (service) => (service === NOTIFY_CLIENT_SERVICE ? notifierEnv : {}),
      ready: async () => undefined,
      stop: () => running.stop(),
    };
  },
};
