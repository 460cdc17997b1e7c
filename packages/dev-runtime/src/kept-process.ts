/**
 * Keeps a data store's or stand-in's process running, as the supervisor keeps service instances:
 * when it exits without being asked to, it is started again on the same port and data (so every
 * service's settings stay right), after the same exponential backoff, for as long as the runtime
 * runs. Services reconnect by themselves meanwhile, as they must when RDS fails over on AWS.
 */
import { DEFAULT_BACKOFF, crashesAfter, restartDelay, type BackoffPolicy } from './restart-backoff.ts';

export interface KeptRun {
  /** Its operating-system process id, shown in /status. */
  readonly pid?: number;
  /** Settles when the process has exited, however. */
  readonly exited: Promise<unknown>;
  stop(): Promise<void>;
}

export type KeptState = 'starting' | 'running' | 'restarting' | 'stopped';

export interface KeptHealth {
  readonly state: KeptState;
  readonly restarts: number;
  /** The running process's id (absent while it is started again). */
  readonly pid?: number;
}

export interface KeptProcessOptions {
  readonly name: string;
  /** Starts the process; resolves once it serves. */
  start(): Promise<KeptRun>;
  /** Told of each exit and restart. */
  readonly console?: (line: string) => void;
  readonly backoff?: BackoffPolicy;
}

export class KeptProcess {
  readonly name: string;
  readonly #opts: KeptProcessOptions;
  #run: KeptRun | undefined;
  #state: KeptState = 'starting';
  #restarts = 0;
  #crashes = 0;
  #startedAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;

  constructor(opts: KeptProcessOptions) {
    this.name = opts.name;
    this.#opts = opts;
  }

  health(): KeptHealth {
    const pid = this.#state === 'running' ? this.#run?.pid : undefined;
    return { state: this.#state, restarts: this.#restarts, ...(pid ? { pid } : {}) };
  }

  /** The first start: its failure is the caller's (the platform cannot start without it). */
  async start(): Promise<void> {
    this.#watch(await this.#opts.start());
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#state = 'stopped';
    clearTimeout(this.#timer);
    await this.#run?.stop();
  }

  #watch(run: KeptRun): void {
    this.#run = run;
    this.#state = 'running';
    this.#startedAt = Date.now();
    void run.exited.then(() => {
      if (this.#stopping || this.#run !== run) return;
      this.#crashes = crashesAfter(this.#crashes, Date.now() - this.#startedAt, this.#policy());
      this.#schedule('exited');
    });
  }

  #schedule(why: string): void {
    const delay = restartDelay(this.#crashes, this.#policy());
    this.#state = 'restarting';
    this.#opts.console?.(`${this.name} ${why}; starting it again in ${delay} ms`);
    this.#timer = setTimeout(() => {
      void this.#restart();
    }, delay);
  }

  async #restart(): Promise<void> {
    if (this.#stopping) return;
    try {
      const run = await this.#opts.start();
      // stop() may have been called while it started.
      if (this.#isStopping()) {
        await run.stop();
        return;
      }
      this.#restarts++;
      this.#watch(run);
      this.#opts.console?.(`${this.name} is running again (restart ${this.#restarts})`);
    } catch (err) {
      this.#crashes++;
      this.#schedule(`did not start (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  #isStopping(): boolean {
    return this.#stopping;
  }

  #policy(): BackoffPolicy {
    return this.#opts.backoff ?? DEFAULT_BACKOFF;
  }
}
