/**
 * The GOV.UK Notify sandbox in place of Notify: a fresh API key each run, handed to the notifier
 * as `NOTIFY_BASE_URL` and `NOTIFY_API_KEY`; what it would have sent is written to
 * `.data/logs/notify-sandbox-sent.jsonl`. Steps aside when `NOTIFY_BASE_URL` names a real one.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSandbox, type RunningSandbox } from '@dwp/sandboxes';
import { freePort } from '../free-port.ts';
import { KeptProcess } from '../kept-process.ts';
import type { PlannedStandIn, SelectableStandIn, StandInContext } from './stand-in.ts';

/** In the log folder: each notification the sandbox would have sent, one JSON line each. */
export const NOTIFY_SENT_FILE = 'notify-sandbox-sent.jsonl';
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
    const port = await freePort();
    const start = (): Promise<RunningSandbox> =>
      spawnSandbox({
        port,
        name: 'notify-sandbox',
        entry: ENTRY,
        env: {
          NOTIFY_SANDBOX_API_KEY: apiKey,
          NOTIFY_SANDBOX_SENT_FILE: join(ctx.logDir, NOTIFY_SENT_FILE),
          LOG_LEVEL: ctx.env.LOG_LEVEL ?? 'warn',
          ...ctx.tracing?.envFor('notify-sandbox'),
        },
        ...(ctx.tracing ? { execArgv: ctx.tracing.execArgv } : {}),
        logFile: join(ctx.logDir, 'notify-sandbox.log'),
      });
    const kept = new KeptProcess({ name: 'notify-sandbox', start, ...(ctx.console ? { console: ctx.console } : {}) });
    await kept.start();
    const url = `http://127.0.0.1:${port}`;
    const notifierEnv = { NOTIFY_BASE_URL: url, NOTIFY_API_KEY: apiKey };
    return {
      name: 'notify-sandbox',
      endpoint: url,
      env: {},
      envFor: (service) => (service === NOTIFY_CLIENT_SERVICE ? notifierEnv : {}),
      ready: async () => undefined,
      stop: () => kept.stop(),
      health: () => kept.health(),
    };
  },
};
