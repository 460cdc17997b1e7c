import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeptProcess, type KeptRun } from './kept-process.ts';

const FAST = { initialMs: 1, maxMs: 5, resetAfterMs: 60_000 };

let pids = 4000;

/** A process the test ends by hand. */
function fakeRun() {
  let exit!: () => void;
  const exited = new Promise<void>((resolve) => (exit = resolve));
  let stopped = false;
  const run: KeptRun = {
    pid: ++pids,
    exited,
    stop: async () => {
      stopped = true;
      exit();
    },
  };
  return {
    run,
    crash: () => {
      exit();
    },
    wasStopped: () => stopped,
  };
}

/** Resolves on the next console line that matches. */
function lineMatching(lines: Array<(line: string) => void>, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    lines.push((line) => {
      if (pattern.test(line)) resolve(line);
    });
  });
}

describe('KeptProcess', () => {
  it('starts a process again, with the same start, when it exits unasked, and counts the restarts', async () => {
    const runs: Array<ReturnType<typeof fakeRun>> = [];
    const listeners: Array<(line: string) => void> = [];
    const kept = new KeptProcess({
      name: 'postgres',
      backoff: FAST,
      start: async () => {
        const r = fakeRun();
        runs.push(r);
        return r.run;
      },
      console: (line) => {
        for (const l of listeners) l(line);
      },
    });
    await kept.start();
    assert.deepEqual(kept.health(), { state: 'running', restarts: 0, pid: runs[0]!.run.pid });
    const back = lineMatching(listeners, /postgres is running again \(restart 1\)/);
    runs[0]!.crash();
    await back;
    assert.deepEqual(kept.health(), { state: 'running', restarts: 1, pid: runs[1]!.run.pid }, 'the new process');
    const again = lineMatching(listeners, /restart 2/);
    runs[1]!.crash();
    await again;
    assert.equal(runs.length, 3);
    await kept.stop();
    assert.equal(runs[2]!.wasStopped(), true);
    assert.deepEqual(kept.health(), { state: 'stopped', restarts: 2 });
  });

  it('keeps trying, with backoff, while the process fails to start', async () => {
    let attempts = 0;
    const listeners: Array<(line: string) => void> = [];
    const first = fakeRun();
    const kept = new KeptProcess({
      name: 'dynalite',
      backoff: FAST,
      start: async () => {
        attempts++;
        if (attempts === 1) return first.run;
        if (attempts < 4) throw new Error('port in use');
        return fakeRun().run;
      },
      console: (line) => {
        for (const l of listeners) l(line);
      },
    });
    await kept.start();
    const failures: string[] = [];
    listeners.push((line) => {
      if (line.includes('did not start')) failures.push(line);
    });
    const back = lineMatching(listeners, /running again/);
    first.crash();
    await back;
    assert.equal(attempts, 4);
    assert.equal(failures.length, 2);
    assert.match(failures[0]!, /dynalite did not start \(port in use\); starting it again in \d+ ms/);
    await kept.stop();
  });

  it('does not take its own stop for a crash', async () => {
    let starts = 0;
    const runs: Array<ReturnType<typeof fakeRun>> = [];
    const kept = new KeptProcess({
      name: 's3',
      backoff: FAST,
      start: async () => {
        starts++;
        const r = fakeRun();
        runs.push(r);
        return r.run;
      },
    });
    await kept.start();
    await kept.stop();
    // The watcher on the run's exit was registered first, so it has run by the time this resumes:
    // taken for a crash, it would have set the state to restarting.
    await runs[0]!.run.exited;
    assert.equal(kept.health().state, 'stopped');
    assert.equal(starts, 1);
  });
});
