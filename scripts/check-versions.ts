/**
 * One version of each dependency across the workspaces, checked in `npm run lint`: every
 * package.json that names a dependency names it with the same range (workspace packages, `*`,
 * are left out). A drift is reported with each range and where it is written.
 */
import { globSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

interface Manifest {
  readonly workspaces?: readonly string[];
  readonly [field: string]: unknown;
}

const read = (file: string): Manifest => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Manifest;
const root = read('package.json');
const manifests = [
  'package.json',
  ...globSync(
    (root.workspaces ?? []).map((w) => `${w}/package.json`),
    { cwd: ROOT },
  ),
];

const ranges = new Map<string, Map<string, string[]>>();
for (const file of manifests) {
  const manifest = read(file);
  for (const field of FIELDS) {
    const deps = manifest[field];
    if (typeof deps !== 'object' || deps === null) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (typeof range !== 'string' || range === '*') continue;
      const byRange = ranges.get(name) ?? new Map<string, string[]>();
      byRange.set(range, [...(byRange.get(range) ?? []), file]);
      ranges.set(name, byRange);
    }
  }
}

const drifts = [...ranges].filter(([, byRange]) => byRange.size > 1);
if (drifts.length) {
  for (const [name, byRange] of drifts) {
    console.error(`${name}: ${[...byRange].map(([range, files]) => `${range} (${files.join(', ')})`).join(' vs ')}`);
  }
  console.error(`${drifts.length} dependencies have more than one version range; use one`);
  process.exit(1);
}
console.log(`versions: ${ranges.size} dependencies, one range each`);
