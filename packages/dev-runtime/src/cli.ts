/**
 * `npm start`: the whole platform on this machine. Prints the status table once every instance is
 * healthy, then keeps running until Ctrl-C or SIGTERM, when it stops every process it started.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_PORTS, RUNTIME_ENV, localProcessesOf, type Platform } from '@dwp/platform';
import { USAGE, UsageError, checkReplicaNames, parseArgs, replicasFor, type CliOptions } from './args.ts';
import { startLocalPlatform, type LocalPlatform } from './local-platform.ts';
import { loadPlatform } from './platform-loader.ts';
import { renderTable } from './status-table.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const STARTUP_TIMEOUT_MS = 60_000;

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number from 0 to 65535, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

/** The arguments and the definition they name, or a usage error. */
async function argsAndPlatform(): Promise<{ args: CliOptions; platform?: Platform }> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) return { args };
  const platform = await loadPlatform(join(ROOT, 'platforms'), args.platform);
  checkReplicaNames(
    args,
    localProcessesOf(platform).map((p) => p.name),
  );
  return { args, platform };
}

async function main(): Promise<void> {
  let args: CliOptions;
  let definition: Platform | undefined;
  try {
    ({ args, platform: definition } = await argsAndPlatform());
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (args.help || !definition) {
    console.log(USAGE);
    return;
  }

  const started = Date.now();
  // Signals that arrive while the platform is still starting stop it as soon as it has started.
  const run: { platform?: LocalPlatform; stopping?: string } = {};
  const shutdown = async (signal: string) => {
    if (run.stopping) return;
    run.stopping = signal;
    if (!run.platform) return;
    console.log(`\n${signal}: stopping every process...`);
    await run.platform.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  console.log(
    `Starting the ${definition.name} platform (${definition.services.length} services, data in ${args.dataDir}${args.fresh ? ', fresh' : ''})...`,
  );
  const platform = await startLocalPlatform({
    platform: definition,
    rootDir: ROOT,
    dataDir: args.dataDir,
    fresh: args.fresh,
    port: port(RUNTIME_ENV.port, LOCAL_PORTS.entry),
    adminPort: port(RUNTIME_ENV.adminPort, LOCAL_PORTS.admin),
    ...(process.env[RUNTIME_ENV.bindAddress] ? { bindAddress: process.env[RUNTIME_ENV.bindAddress] } : {}),
    replicas: (name, fromDefinition) => replicasFor(args, name, fromDefinition),
  });
  run.platform = platform;
  if (run.stopping) {
    const signal = run.stopping;
    run.stopping = undefined;
    return shutdown(signal);
  }

  try {
    await platform.waitUntilHealthy(STARTUP_TIMEOUT_MS);
  } catch (err) {
    console.error((err as Error).message);
  }
  console.log(`\n${renderTable(platform.status())}\n`);
  for (const line of platform.notes()) console.log(line);
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`);
  platform.registry.on('change', (instance, previous) => {
    if (!run.stopping) console.log(`[${instance.id}] ${previous.kind} -> ${instance.state.kind}`);
  });
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
