/**
 * Where a running platform answers, written to its data folder once it listens and removed when it
 * stops, so the tools run beside it (`npm run token`, `npm run confirmation-code`) find it on
 * whatever ports it was given (`PORT=9000 npm start`, or a test's port 0) without being told.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const RUNTIME_FILE = 'runtime.json';

const runtimeFile = z.object({
  /** The public entry (the edge): `/` the web tier, `/api/*` the primary gateway. */
  entry: z.url(),
  /** The runtime's own port: `/status`, the registry. */
  admin: z.url(),
  pid: z.number().int().positive(),
});
export type RuntimeFile = z.output<typeof runtimeFile>;

export async function writeRuntimeFile(dataDir: string, runtime: RuntimeFile): Promise<void> {
  await writeFile(join(dataDir, RUNTIME_FILE), `${JSON.stringify(runtime, null, 2)}\n`);
}

export async function removeRuntimeFile(dataDir: string, pid: number): Promise<void> {
  // Only our own: a second platform started on the same folder since has written its own.
  if ((await readRuntimeFile(dataDir))?.pid === pid) await rm(join(dataDir, RUNTIME_FILE), { force: true });
}

/** The running platform's addresses, or undefined when none is running on this folder. */
export async function readRuntimeFile(dataDir: string): Promise<RuntimeFile | undefined> {
  const file = join(dataDir, RUNTIME_FILE);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = runtimeFile.safeParse(raw);
  if (!parsed.success) return undefined;
  // A platform killed without its stop leaves its file; its process is gone.
  try {
    process.kill(parsed.data.pid, 0);
  } catch {
    return undefined;
  }
  return parsed.data;
}
