/**
 * The entrypoint every app's `main.ts` calls (the same one its container runs): create the service,
 * open its data stores, add its routes, listen. A failure to start is logged as one JSON line and
 * exits non-zero, so the runtime (ECS or `npm start`) sees a crashed task, not a hung one.
 */
import type { Platform } from '@dwp/platform';
import type { z } from 'zod';
import type { baseConfigSchema } from './config.ts';
import { createService, type CreateServiceOptions, type ServiceRuntime } from './create-service.ts';
import { openStores, type OpenedStores } from './stores/open-stores.ts';

export interface RunServiceOptions<S extends z.ZodObject> extends CreateServiceOptions<S> {
  readonly platform: Platform;
  /** Adds the app's routes and checks; runs before the service listens. */
  readonly setup?: (svc: ServiceRuntime<z.output<S>>, stores: OpenedStores) => Promise<void> | void;
}

export async function runService<S extends z.ZodObject = typeof baseConfigSchema>(
  opts: RunServiceOptions<S>,
): Promise<ServiceRuntime<z.output<S>>> {
  try {
    const svc = await createService(opts);
    const stores = await openStores(opts.platform, svc, opts.env);
    await opts.setup?.(svc, stores);
    const { port, stop } = await svc.start();
    // Under a local supervisor (an IPC channel), stop when the supervisor goes away: no orphans.
    if (process.send) process.once('disconnect', () => void stop());
    svc.log.info({ port }, `${opts.name} listening`);
    return svc;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(
      `${JSON.stringify({ level: 60, time: Date.now(), service: opts.name, msg: `failed to start: ${e.message}`, code: (e as { code?: string }).code })}\n`,
    );
    process.exit(1);
  }
}
