/**
 * Graceful stop on SIGTERM/SIGINT, as ECS stops a task: report unhealthy (draining), stop accepting
 * connections, let in-flight requests finish, run close hooks, and exit; if that takes longer than
 * the stop timeout, exit anyway with a non-zero code.
 */
import { flushTracing } from '@dwp/telemetry';
import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  readonly app: FastifyInstance;
  readonly timeoutMs: number;
  readonly onDrain: () => void;
  readonly exit?: (code: number) => void;
}

export function installGracefulShutdown(opts: ShutdownOptions): () => Promise<void> {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;
  const stop = (signal: string): Promise<void> => {
    if (stopping) return stopping;
    opts.onDrain();
    opts.app.log.info({ signal }, 'stopping: draining in-flight requests');
    const timer = setTimeout(() => {
      opts.app.log.error({ timeoutMs: opts.timeoutMs }, 'stop timeout reached; exiting with requests still in flight');
      exit(1);
    }, opts.timeoutMs);
    timer.unref();
    // The last requests' spans are still in the export batch: send them before the process goes.
    stopping = opts.app
      .close()
      .then(async () => {
        await flushTracing().catch(() => undefined);
      })
      .then(
        () => {
          clearTimeout(timer);
          opts.app.log.info('stopped');
          exit(0);
        },
        (err: unknown) => {
          opts.app.log.error({ err }, 'error while stopping');
          exit(1);
        },
      );
    return stopping;
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return () => stop('manual');
}
