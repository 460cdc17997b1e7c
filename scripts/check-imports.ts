/**
 * The import rules of the house, checked in `npm run lint`:
 * 1. nothing in packages/ imports apps/ or platforms/ (tests may use a platform as a fixture);
 * 2. no file reaches into another workspace by relative path: only through its package exports;
 * 3. no import cycle between files.
 * Reads `import`/`export ... from` specifiers with a regular expression: enough for this tree's
 * ESM sources, where every specifier is a string literal.
 */
import { readFileSync, globSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const SPECIFIER =
  /^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

interface Workspace {
  readonly dir: string;
  readonly name: string;
}

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
const workspaces: Workspace[] = globSync(
  rootManifest.workspaces.map((w) => `${w}/package.json`),
  { cwd: ROOT },
).map((manifest) => ({
  dir: dirname(manifest),
  name: (JSON.parse(readFileSync(join(ROOT, manifest), 'utf8')) as { name: string }).name,
}));
const byName = new Map(workspaces.map((w) => [w.name, w]));
const workspaceOf = (file: string) => workspaces.find((w) => file === w.dir || file.startsWith(`${w.dir}/`));
const isTest = (file: string) => /\.test\.ts$|\/testing\/|\.fixture\.ts$/.test(file);
const topOf = (dir: string) => dir.split('/')[0];

const files = globSync(
  [
    'packages/**/*.ts',
    'local/**/*.ts',
    'apps/**/*.ts',
    'platforms/**/*.ts',
    'infra/**/*.ts',
    'tests/**/*.ts',
    'scripts/**/*.ts',
    'bench/**/*.ts',
  ],
  { cwd: ROOT },
)
  .map((f) => f.split(sep).join('/'))
  .filter((f) => !f.includes('node_modules') && !f.includes('cdk.out'));

const problems: string[] = [];
const edges = new Map<string, string[]>();

for (const file of files) {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const own = workspaceOf(file);
  const targets: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    let targetDir: string | undefined;
    if (spec.startsWith('.')) {
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec))
        .split(sep)
        .join('/');
      targets.push(target);
      const theirs = workspaceOf(target);
      if (own && theirs !== own)
        problems.push(
          `${file}: reaches into ${theirs?.dir ?? dirname(target)} by relative path ("${spec}"); import its package exports instead`,
        );
      targetDir = theirs?.dir;
    } else if (spec.startsWith('@dwp/')) {
      targetDir = byName.get(spec.split('/').slice(0, 2).join('/'))?.dir;
    }
    if (
      own &&
      topOf(own.dir) === 'packages' &&
      !isTest(file) &&
      targetDir &&
      ['apps', 'platforms'].includes(topOf(targetDir)!)
    ) {
      problems.push(`${file}: packages/ may not import ${targetDir} ("${spec}")`);
    }
  }
  edges.set(file, targets);
}

// Cycles: a depth-first walk that reports each back edge's loop once.
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
function walk(file: string): void {
  state.set(file, 'open');
  stack.push(file);
  for (const next of edges.get(file) ?? []) {
    if (state.get(next) === 'open')
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' -> ')}`);
    else if (!state.has(next) && edges.has(next)) walk(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of edges.keys()) if (!state.has(file)) walk(file);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`imports: ${files.length} files, no cycle, no forbidden arrow`);
