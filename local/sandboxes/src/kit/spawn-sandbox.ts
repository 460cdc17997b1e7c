/**
 * Starts a sandbox as its own OS process (as the local runtime's stand-ins do) and resolves once
 * it listens, with its URL. Output goes to a log file; `stop()` ends the process and waits for it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import type { SandboxReadyMessage } from './run-sandbox.ts';

/** @default how long a sandbox may take to listen */
export const DEFAULT_SANDBOX_START_TIMEOUT_MS = 30_000;
/** @default how long a stopping sandbox gets before SIGKILL */
export const SANDBOX_STOP_GRACE_MS = 5_000;

export interface SpawnSandboxOptions {
  readonly name: string;
  /** The sandbox's main module. */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where its output goes. */
  readonly logFile: string;
  /** @default 'http' */
  readonly protocol?: 'http' | 'https';
  readonly startTimeoutMs?: number;
  /** Node options before the entry (the telemetry preload). @default none */
  readonly execArgv?: readonly string[];
  /** A port chosen by the caller (who may be reserving ports for several processes); 0 lets the OS pick. @default 0 */
  readonly port?: number;
}

export interface RunningSandbox {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Settles when the process has exited, asked to or not. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

function isReady(message: unknown): message is SandboxReadyMessage {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'sandbox-ready';
}

export async function spawnSandbox(opts: SpawnSandboxOptions): Promise<RunningSandbox> {
  const fd = openSync(opts.logFile, 'a');
  let child: ChildProcess;
  try {
    child = fork(opts.entry, [], {
      env: { PATH: process.env.PATH ?? '', ...opts.env, PORT: String(opts.port ?? 0), HOST: '127.0.0.1' },
      stdio: ['ignore', fd, fd, 'ipc'],
      execArgv: [...(opts.execArgv ?? [])],
    });
  } finally {
    closeSync(fd);
  }
  const exited = once(child, 'exit');
  const timeoutMs = opts.startTimeoutMs ?? DEFAULT_SANDBOX_START_TIMEOUT_MS;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`sandbox ${opts.name} did not start within ${timeoutMs} ms (see ${opts.logFile})`));
    }, timeoutMs);
    child.on('message', (m) => {
      if (isReady(m)) {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox ${opts.name} exited with ${code} before it listened (see ${opts.logFile})`));
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  let stopping: Promise<void> | undefined;
  return {
    name: opts.name,
    url: `${opts.protocol ?? 'http'}://127.0.0.1:${port}`,
    pid: child.pid!,
    exited: exited.then(() => undefined),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), SANDBOX_STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
