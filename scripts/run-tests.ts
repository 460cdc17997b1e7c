/**
 * Runs every test with node's own runner: unit tests beside the source, then the black-box
 * journeys in tests/e2e (which start whole platforms, so they run one file at a time).
 * `--unit` runs only the unit tests.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const unitOnly = process.argv.includes('--unit');
const TEST_TIMEOUT_MS = 5 * 60_000;
const ignore = (p: string) => p.includes('node_modules') || p.includes('cdk.out');
const unit = globSync([
  'packages/*/src/**/*.test.ts',
  'local/*/src/**/*.test.ts',
  'apps/*/src/**/*.test.ts',
  'platforms/**/*.test.ts',
  'infra/**/*.test.ts',
  'bench/**/*.test.ts',
])
  .filter((p) => !ignore(p))
  .sort();
const e2e = unitOnly ? [] : globSync('tests/e2e/**/*.test.ts').sort();

function run(files: string[], concurrency: number): number {
  if (files.length === 0) return 0;
  // A test that hangs fails after TEST_TIMEOUT_MS instead of holding CI until its limit.
  const r = spawnSync(
    process.execPath,
    ['--test', `--test-concurrency=${concurrency}`, `--test-timeout=${TEST_TIMEOUT_MS}`, ...files],
    { stdio: 'inherit' },
  );
  return r.status ?? 1;
}

const unitStatus = run(unit, 2);
const e2eStatus = unitStatus === 0 ? run(e2e, 1) : 1;
process.exit(unitStatus || e2eStatus);
