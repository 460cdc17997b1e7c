/** The DWP platform as a benchmark runs it: free ports, a temporary data folder, warnings only. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dwp } from '@dwp/platforms/dwp';
import { startLocalPlatform, type LocalPlatform } from '@dwp/dev-runtime';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface BenchPlatform {
  readonly platform: LocalPlatform;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** Starts it and waits until every instance is healthy; `env` is the runtime's (tracing off, say). */
export async function startBenchPlatform(env: NodeJS.ProcessEnv = {}): Promise<BenchPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dwp-bench-'));
  const stop = async () => {
    await platform?.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  let platform: LocalPlatform | undefined;
  try {
    platform = await startLocalPlatform({
      platform: dwp,
      rootDir: ROOT,
      dataDir,
      port: 0,
      adminPort: 0,
      env,
      console: () => undefined,
      logLevel: 'warn',
    });
    await platform.waitUntilHealthy(120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { platform, dataDir, stop };
}
