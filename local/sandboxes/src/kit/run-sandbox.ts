/**
 * The entrypoint of a sandbox process: build it, listen on PORT (0 picks a free one) and tell the
 * parent where it listens with an IPC message; stop on SIGTERM or when the parent goes away.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** The message a sandbox process sends its parent once it listens. */
export interface SandboxReadyMessage {
  readonly kind: 'sandbox-ready';
  readonly port: number;
}

export async function runSandbox(
  name: string,
  build: (env: NodeJS.ProcessEnv) => Promise<FastifyInstance> | FastifyInstance,
): Promise<void> {
  try {
    const app = await build(process.env);
    const port = Number(process.env.PORT ?? 0);
    await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
    const stop = () => void app.close().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    if (process.send) {
      process.once('disconnect', stop);
      const ready: SandboxReadyMessage = { kind: 'sandbox-ready', port: (app.server.address() as AddressInfo).port };
      process.send(ready);
    }
  } catch (err) {
    process.stderr.write(
      `${JSON.stringify({ level: 60, time: Date.now(), sandbox: name, msg: `failed to start: ${(err as Error).message}` })}\n`,
    );
    process.exit(1);
  }
}
