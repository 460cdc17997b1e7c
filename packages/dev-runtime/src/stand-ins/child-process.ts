/** Runs a stand-in's server as a child process that says `ready` over IPC, logging to a file. */
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { LogTail } from '../log-tail.ts';

export interface StandInProcess {
  readonly child: ChildProcess;
  readonly pid?: number;
  /** Settles when the process has exited, asked to or not. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

const LEVEL_WARN = 40;

/** Echoes the warnings and errors a stand-in logs (JSON lines, pino levels) to the console. */
function echoWarnings(logFile: string, console: (line: string) => void): LogTail {
  const tail = new LogTail();
  const name = basename(logFile, '.log');
  tail.follow(logFile, (line) => {
    try {
      const parsed = JSON.parse(line) as { level?: number; msg?: string };
      if ((parsed.level ?? 0) >= LEVEL_WARN) console(`[${name}] ${parsed.msg ?? line}`);
    } catch {
      console(`[${name}] ${line}`);
    }
  });
  return tail;
}

export async function startStandInProcess(
  entry: string,
  env: Record<string, string>,
  logFile: string,
  console?: (line: string) => void,
  opts: { readonly execArgv?: readonly string[] } = {},
): Promise<StandInProcess> {
  const tail = console ? echoWarnings(logFile, console) : undefined;
  const fd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // The log goes to a file, never a pipe: see the supervisor for why.
    child = fork(entry, [], {
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd, 'ipc'],
      ...(opts.execArgv ? { execArgv: [...opts.execArgv] } : {}),
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => {
        resolve();
      });
      void exited.then(() => {
        reject(new Error(`${entry} exited with code ${child.exitCode} before it was ready; see ${logFile}`));
      });
    });
  } catch (err) {
    tail?.stop();
    throw err;
  }
  return {
    child,
    ...(child.pid ? { pid: child.pid } : {}),
    exited,
    stop: async () => {
      tail?.stop();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
