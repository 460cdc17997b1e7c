/**
 * What the tools run beside `npm start` share: the data folder (`DATA_DIR`, default `.data`), the
 * running platform's addresses from it, and one way to stop with a message.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRuntimeFile, type RuntimeFile } from '@dwp/dev-runtime/runtime-file';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const dataDir = resolve(ROOT, process.env.DATA_DIR ?? '.data');

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The platform running on the data folder; stops the tool with a message when there is none. */
export async function runningPlatform(): Promise<RuntimeFile> {
  return (
    (await readRuntimeFile(dataDir)) ?? fail(`No platform is running on ${dataDir}: start it first with \`npm start\`.`)
  );
}
