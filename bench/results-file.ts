/**
 * Where a benchmark's figures are kept: `bench/results/<benchmark>-<time>.json`, one file per run
 * so runs can be compared, and `<benchmark>-latest.json`, the one the README quotes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = join(resolve(fileURLToPath(new URL('.', import.meta.url))), 'results');

/** What every benchmark returns: its name, when it ran, its figures, and a few lines for people. */
export interface BenchmarkReport {
  readonly benchmark: string;
  /** ISO-8601 */
  readonly at: string;
  readonly summary: string;
  readonly [figures: string]: unknown;
}

/** Writes the report; returns the timestamped file's path. */
export async function writeReport(report: BenchmarkReport): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(RESULTS_DIR, `${report.benchmark}-${report.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, text);
  await writeFile(join(RESULTS_DIR, `${report.benchmark}-latest.json`), text);
  return file;
}
