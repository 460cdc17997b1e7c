/**
 * `npm start -- [--platform NAME] [--replicas N | --replicas name=N ...] [--fresh] [--data-dir DIR]`.
 * Pure: argv in, options or a usage error out. Service names in `--replicas` are checked once the
 * platform is loaded (checkReplicaNames), since which services exist depends on `--platform`.
 */
import { LOCAL_PORTS } from '@dwp/platform';

/** The definition `npm start` runs when `--platform` is not given: platforms/dwp.ts. */
export const DEFAULT_PLATFORM = 'dwp';
/** A definition's name, which is also its file's in platforms/. */
const PLATFORM_NAME = /^[a-z][a-z0-9-]*$/;

export interface CliOptions {
  /** Which definition in platforms/ to run. @default DEFAULT_PLATFORM */
  readonly platform: string;
  /** Replicas for every process, when given as a bare number. */
  readonly replicasAll: number | undefined;
  /** Per-process overrides: `--replicas claims-api=3`. */
  readonly replicas: ReadonlyMap<string, number>;
  readonly fresh: boolean;
  readonly dataDir: string;
  readonly help: boolean;
}

export class UsageError extends Error {
  static readonly code = 'DEV_ERR_USAGE';
  readonly code = UsageError.code;
}

export const USAGE = `Usage: npm start -- [options]
  --platform NAME         run the definition in platforms/NAME.ts (default ${DEFAULT_PLATFORM})
  --replicas N            run N instances of every service (default 1, or the definition's local.replicas)
  --replicas NAME=N       run N instances of one service (repeatable)
  --fresh                 delete the local data (.data/) before starting
  --data-dir DIR          where data and logs live (default .data)
Environment: PORT (public entry, default ${LOCAL_PORTS.entry}), ADMIN_PORT (status and registry, default ${LOCAL_PORTS.admin}),
  BIND_ADDRESS (where those two listen, default 127.0.0.1; 0.0.0.0 opens them to the network),
  DATABASE_URL, DYNAMODB_ENDPOINT, REDIS_URL (use these servers instead of the embedded ones).`;

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 32)
    throw new UsageError(`${flag} takes a whole number from 1 to 32, got "${value ?? ''}"`);
  return n;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  let platform = DEFAULT_PLATFORM;
  let replicasAll: number | undefined;
  const replicas = new Map<string, number>();
  let fresh = false;
  let dataDir = '.data';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq !== -1 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    switch (flag) {
      case '--replicas': {
        const value = inline ?? argv[++i];
        if (value?.includes('=')) {
          const [name = '', count] = value.split('=', 2);
          replicas.set(name, positive(count, `--replicas ${name}=`));
        } else {
          replicasAll = positive(value, '--replicas');
        }
        break;
      }
      case '--platform': {
        const value = inline ?? argv[++i];
        if (!value || !PLATFORM_NAME.test(value))
          throw new UsageError(
            `--platform takes a definition's name in platforms/ (lower case, digits, dashes), got "${value ?? ''}"`,
          );
        platform = value;
        break;
      }
      case '--fresh':
        fresh = true;
        break;
      case '--data-dir': {
        const value = inline ?? argv[++i];
        if (!value) throw new UsageError('--data-dir needs a folder');
        dataDir = value;
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return { platform, replicasAll, replicas, fresh, dataDir, help };
}

/** Refuses `--replicas NAME=N` for a name the platform does not run. */
export function checkReplicaNames(opts: Pick<CliOptions, 'replicas'>, knownNames: readonly string[]): void {
  for (const name of opts.replicas.keys()) {
    if (!knownNames.includes(name))
      throw new UsageError(`--replicas names unknown service "${name}"; known: ${knownNames.join(', ')}`);
  }
}

/** Replicas for one process: a per-name override, else the global number, else the definition's. */
export function replicasFor(
  opts: Pick<CliOptions, 'replicas' | 'replicasAll'>,
  name: string,
  fromDefinition: number,
): number {
  return opts.replicas.get(name) ?? opts.replicasAll ?? fromDefinition;
}
