/**
 * Runs each instance as its own OS process, the same entrypoint its container runs, and restarts
 * one that dies with exponential backoff, as an ECS service replaces a stopped task. Each
 * instance's log goes to `<data>/logs/<instance>.log`; warnings and errors also reach the console.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { LogTail } from './log-tail.ts';
import type { Registry } from './registry.ts';
import { DEFAULT_BACKOFF, crashesAfter, restartDelay, type BackoffPolicy } from './restart-backoff.ts';

export interface ProcessSpec {
  readonly id: string;
  /** Absolute path of the entrypoint (`apps/<app>/src/main.ts`). */
  readonly entry: string;
  readonly env: Readonly<Record<string, string>>;
  /** Node options before the entry (the telemetry preload). @default none */
  readonly execArgv?: readonly string[];
}

export interface SupervisorOptions {
  readonly cwd: string;
  readonly logDir: string;
  readonly console: (line: string) => void;
  /** @default DEFAULT_BACKOFF */
  readonly backoff?: BackoffPolicy;
  /** Time a stopping instance gets before SIGKILL. @default 10000 */
  readonly stopTimeoutMs?: number;
  /** Sees every log line of every instance (the trace store's log index). @default none */
  readonly onLogLine?: (instanceId: string, line: string) => void;
}

interface Slot {
  readonly spec: ProcessSpec;
  child: ChildProcess | undefined;
  startedAt: number;
  crashes: number;
  restartTimer: NodeJS.Timeout | undefined;
  readonly logFile: string;
}

const LEVEL_WARN = 40;

export class Supervisor {
  readonly #registry: Registry;
  readonly #opts: SupervisorOptions;
  readonly #slots = new Map<string, Slot>();
  readonly #tail = new LogTail();
  #stopping = false;

  constructor(registry: Registry, opts: SupervisorOptions) {
    this.#registry = registry;
    this.#opts = opts;
  }

  start(spec: ProcessSpec): void {
    if (this.#slots.has(spec.id)) throw new Error(`instance ${spec.id} is already supervised`);
    const slot: Slot = {
      spec,
      child: undefined,
      startedAt: 0,
      crashes: 0,
      restartTimer: undefined,
      logFile: join(this.#opts.logDir, `${spec.id}.log`),
    };
    this.#slots.set(spec.id, slot);
    this.#tail.follow(slot.logFile, (line) => {
      this.#onLine(slot, line);
    });
    this.#spawn(slot);
  }

  pidOf(id: string): number | undefined {
    return this.#slots.get(id)?.child?.pid;
  }

  #spawn(slot: Slot): void {
    const { spec } = slot;
    // The child writes its log straight to its file: a pipe would break if the supervisor died,
    // and a logger that cannot write can keep a process from exiting.
    const logFd = openSync(slot.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [...(spec.execArgv ?? []), spec.entry], {
        cwd: this.#opts.cwd,
        env: { ...process.env, ...spec.env },
        // The IPC channel lets the child notice when the supervisor is gone and stop itself.
        stdio: ['ignore', logFd, logFd, 'ipc'],
      });
    } finally {
      closeSync(logFd);
    }
    slot.child = child;
    slot.startedAt = Date.now();
    const instance = this.#registry.record(spec.id, { kind: 'process-started', at: slot.startedAt });
    instance.pid = child.pid;
    child.on('exit', (code, signal) => {
      this.#onExit(slot, child, code, signal);
    });
    child.on('error', (err) => {
      this.#opts.console(`[${spec.id}] could not start: ${err.message}`);
    });
  }

  #onLine(slot: Slot, line: string): void {
    this.#opts.onLogLine?.(slot.spec.id, line);
    let level = LEVEL_WARN;
    let msg = line;
    try {
      const parsed = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      level = parsed.level ?? 30;
      msg = [parsed.msg, parsed.err?.message].filter(Boolean).join(': ');
    } catch {
      // Not a JSON log line (a crash trace, say): always worth showing.
    }
    if (level >= LEVEL_WARN) this.#opts.console(`[${slot.spec.id}] ${msg}`);
  }

  #onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    const reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const instance = this.#registry.record(slot.spec.id, { kind: 'process-exited', at: Date.now(), reason });
    instance.pid = undefined;
    if (this.#stopping) return;
    slot.crashes = crashesAfter(slot.crashes, Date.now() - slot.startedAt, this.#opts.backoff ?? DEFAULT_BACKOFF);
    const delay = restartDelay(slot.crashes, this.#opts.backoff ?? DEFAULT_BACKOFF);
    this.#opts.console(`[${slot.spec.id}] ${reason}; restarting in ${delay} ms`);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.#stopping) return;
      instance.restarts++;
      this.#spawn(slot);
    }, delay);
  }

  /** SIGTERM every instance, wait for them to drain, SIGKILL any still running after the timeout. */
  async stopAll(): Promise<void> {
    this.#stopping = true;
    const timeout = this.#opts.stopTimeoutMs ?? 10_000;
    await Promise.all(
      [...this.#slots.values()].map(async (slot) => {
        clearTimeout(slot.restartTimer);
        const child = slot.child;
        if (child && child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) =>
            child.once('exit', () => {
              resolve();
            }),
          );
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
          await exited;
          clearTimeout(timer);
        }
      }),
    );
    this.#tail.stop();
  }
}
