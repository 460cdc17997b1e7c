/**
 * `npm start -- [--replicas N | --replicas name=N ...] [--fresh] [--data-dir DIR]`.
 * Pure: argv in, options or a usage error out.
 */
import { LOCAL_PORTS } from '@dwp/platform';

export interface CliOptions {
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
  --replicas N            run N instances of every service (default 1, or the definition's local.replicas)
  --replicas NAME=N       run N instances of one service (repeatable)
  --fresh                 delete the local data (.data/) before starting
  --data-dir DIR          where data and logs live (default .data)
Environment: PORT (public entry, default ${LOCAL_PORTS.entry}), ADMIN_PORT (status and registry, default ${LOCAL_PORTS.admin}),
  BIND_ADDRESS (where those two listen, default 127.0.0.1; 0.0.0.0 opens them to the network),
  DATABASE_URL, DYNAMODB_ENDPOINT, REDIS_URL (use these servers instead of the embedded ones).`;

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 32) throw new UsageError(`${flag} takes a whole number from 1 to 32, got "${value ?? ''}"`);
  return n;
}

export function parseArgs(argv: readonly string[], knownNames: readonly string[]): CliOptions {
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
          const [name, count] = value.split('=', 2) as [string, string];
          if (!knownNames.includes(name)) throw new UsageError(`--replicas names unknown service "${name}"; known: ${knownNames.join(', ')}`);
          replicas.set(name, positive(count, `--replicas ${name}=`));
        } else {
          replicasAll = positive(value, '--replicas');
        }
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
  return { replicasAll, replicas, fresh, dataDir, help };
}

/** Replicas for one process: a per-name override, else the global number, else the definition's. */
export function replicasFor(opts: Pick<CliOptions, 'replicas' | 'replicasAll'>, name: string, fromDefinition: number): number {
  return opts.replicas.get(name) ?? opts.replicasAll ?? fromDefinition;
}
