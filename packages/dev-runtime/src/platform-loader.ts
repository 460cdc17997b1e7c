/**
 * Loads a platform definition by name from `platforms/<name>.ts`, so the runtime runs any
 * definition without importing one. The module's export named after the file (`trading-desk` ->
 * `tradingDesk`) or its default export must be a definition that definePlatform checked.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlatform, type Platform } from '@dwp/platform';
import { UsageError } from './args.ts';

/** `trading-desk` -> `tradingDesk`: the export a definition's module gives it. */
export function exportNameOf(platform: string): string {
  return platform.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The definitions in a platforms/ folder, by name (tests beside them left out). */
export function platformNames(platformsDir: string): string[] {
  return readdirSync(platformsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/** @throws {UsageError} when no definition of that name is in the folder, or its module exports none. */
export async function loadPlatform(platformsDir: string, name: string): Promise<Platform> {
  const file = join(platformsDir, `${name}.ts`);
  if (!existsSync(file))
    throw new UsageError(`no platform "${name}" in ${platformsDir}; known: ${platformNames(platformsDir).join(', ')}`);
  // A module namespace is a record of its exports; which export is a definition is checked below.
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const candidate = module[exportNameOf(name)] ?? module.default;
  if (!isPlatform(candidate))
    throw new UsageError(
      `${file} exports no definition named "${exportNameOf(name)}" (or default) made by definePlatform`,
    );
  return candidate;
}
