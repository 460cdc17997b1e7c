/**
 * Runs a load generator in a process of its own (so it never shares an event loop with what it
 * measures) and resolves with the JSON it prints on stdout. Bounded: a run still going `limitMs`
 * after it began is stopped and reported as a failure.
 */
import { spawn } from 'node:child_process';

export function runLoadChild(args: readonly string[], limitMs: number, what: string): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let overran = false;
    const timer = setTimeout(() => {
      overran = true;
      child.kill('SIGTERM');
    }, limitMs);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (overran) reject(new Error(`${what} did not finish within ${limitMs / 1000} s`));
      else if (code !== 0) reject(new Error(`${what} exited with ${code}`));
      else {
        try {
          resolvePromise(JSON.parse(out));
        } catch {
          reject(new Error(`${what} printed no JSON report`));
        }
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
