/**
 * The whole platform on one machine, read from its definition: data stores, one OS process per
 * replica registered under its Cloud Map name, health checks, the registry API, and the public entry.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ENV,
  LOCAL_PORTS,
  dataStoreEnvName,
  discoveryNameOf,
  localProcessesOf,
  type DataStore,
  type LocalProcess,
  type Platform,
} from '@dwp/platform';
import { Forwarder, generatePrincipalKeys, type PrincipalKeyPair } from '@dwp/service-kit';
import { createEdge } from '@dwp/edge';
import { createLocalTracer, createRequestTracer, type LocalTracer } from '@dwp/telemetry';
import { createAdminServer } from './admin-server.ts';
import { freePort } from './free-port.ts';
import { HealthChecker } from './health-checker.ts';
import { FIRST_REVISION, Registry } from './registry.ts';
import { InstanceSets, type LaunchSpec } from './release/instance-sets.ts';
import { ReleaseController } from './release/release-controller.ts';
import { instanceView, type PlatformStatus, type StoreStatus } from './status-table.ts';
import { planDynamo, type DynamoPlan } from './stores/dynamodb-server.ts';
import { planPostgres, type PostgresPlan } from './stores/postgres-server.ts';
import { standInsFor, type PlannedStandIn, type StandIn } from './stand-ins/index.ts';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.ts';
import type { Supervisor } from './supervisor.ts';
import { LogIndex, TraceStore } from './traces/index.ts';
import { consoleTraceSource } from './traces/console-source.ts';
import { planTracing } from './tracing-plan.ts';

/** The `service.name` of the edge's spans (CloudFront, WAF and the public ALB, on AWS). */
const EDGE_SERVICE_NAME = 'edge';

/** Upstreams whose sandbox is not named `<upstream>-sandbox`, for the console's map. */
const SANDBOX_OF_UPSTREAM: ReadonlyMap<string, string> = new Map([
  ['gov-verify', 'saml-idp-sandbox'],
  ['one-login-identity', 'one-login-sandbox'],
]);

export interface LocalPlatformOptions {
  readonly platform: Platform;
  /** Repository root: where apps/ lives. */
  readonly rootDir: string;
  /** @default `<rootDir>/.data` */
  readonly dataDir?: string;
  /** Public entry port; 0 picks a free one. @default LOCAL_PORTS.entry (8080) */
  readonly port?: number;
  /** Status and registry port; 0 picks a free one. @default LOCAL_PORTS.admin (8090) */
  readonly adminPort?: number;
  /**
   * Where the public entry and the status port listen. Loopback by default, so a laptop's platform
   * (seeded passwords and all) is not open to its network; `0.0.0.0` opens it. @default 127.0.0.1
   */
  readonly bindAddress?: string;
  readonly replicas?: (name: string, fromDefinition: number) => number;
  readonly fresh?: boolean;
  /** Where runtime messages go. @default console.log */
  readonly console?: (line: string) => void;
  /** Environment of the runtime (DATABASE_URL, DYNAMODB_ENDPOINT, REDIS_URL). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Interval of health checks on running instances. @default 2000 */
  readonly healthIntervalMs?: number;
  /** Level of the services' logs. @default info */
  readonly logLevel?: string;
  /**
   * Stand-ins to run beside the services, when a caller (a test) chooses them itself.
   * @default those the definition needs (standInsFor)
   */
  readonly standIns?: readonly StandIn[];
}

export interface LocalPlatform {
  readonly entryUrl: string;
  readonly adminUrl: string;
  readonly registry: Registry;
  /** Where each instance's process is. */
  readonly supervisor: Pick<Supervisor, 'pidOf'>;
  /** Release rehearsals (`npm run release`, `POST /v1/releases` on the admin port). */
  readonly releases: ReleaseController;
  /** Each principal's key pair, for tools and tests that act as a platform service. */
  readonly principalKeys: ReadonlyMap<string, PrincipalKeyPair>;
  status(): PlatformStatus;
  /** What the stand-ins want a person to know (seeded credentials, say). */
  notes(): string[];
  /** Resolves when every instance is healthy; rejects after the timeout naming those that are not. */
  waitUntilHealthy(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** The primary gateway's local emulator (API Gateway on AWS). */
const API_GATEWAY_ENTRY = fileURLToPath(import.meta.resolve('@dwp/api-gateway'));

/** The entry a process runs: a service's app runs the same main.ts as its container. */
function entryOf(rootDir: string, proc: LocalProcess): string {
  switch (proc.kind) {
    case 'service':
      return join(rootDir, 'apps', proc.app, 'src', 'main.ts');
    case 'primary-gateway':
      return API_GATEWAY_ENTRY;
    default: {
      const never: never = proc;
      throw new Error(`Unexpected local process ${JSON.stringify(never)}`);
    }
  }
}

async function listen(server: Server, port: number, address: string): Promise<number> {
  server.listen(port, address);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) =>
    server.close(() => {
      r();
    }),
  );
}

export async function startLocalPlatform(opts: LocalPlatformOptions): Promise<LocalPlatform> {
  const { platform } = opts;
  const env = opts.env ?? process.env;
  const log =
    opts.console ??
    ((line: string) => {
      console.log(line);
    });
  const dataDir = resolve(opts.rootDir, opts.dataDir ?? '.data');
  if (opts.fresh && existsSync(dataDir)) await rm(dataDir, { recursive: true, force: true });
  await mkdir(join(dataDir, 'logs'), { recursive: true });
  // Twenty processes load the same modules: V8's on-disk compile cache (Node 22+) lets the first
  // compilation serve the rest, and the next run. Every child inherits it.
  process.env.NODE_COMPILE_CACHE ||= join(dataDir, 'compile-cache');

  const registry = new Registry({
    healthy: platform.loadBalancing.healthCheck.healthyThreshold,
    unhealthy: platform.serviceDiscovery.healthCheck.failureThreshold,
  });
  // Recent spans from every process, and the log lines that carry their trace ids, for the
  // Jaeger-shaped query API and the operations console on the admin port.
  const traces = new TraceStore();
  const logIndex = new LogIndex();
  // How each process is launched, filled in once the stores and stand-ins are planned; every
  // release of a service launches its new set the same way.
  const launchSpecs = new Map<string, LaunchSpec>();
  const sets = new InstanceSets({
    registry,
    supervisor: {
      cwd: opts.rootDir,
      logDir: join(dataDir, 'logs'),
      console: log,
      onLogLine: (instance, line) => {
        logIndex.add(instance, line);
      },
    },
    launchSpecOf: (service) => {
      const spec = launchSpecs.get(service);
      if (!spec) throw new Error(`no launch settings for ${service}`);
      return spec;
    },
  });
  const releases = new ReleaseController({ platform, registry, sets, console: log });
  const forwarder = new Forwarder();
  const servers: Server[] = [];
  let stores: { postgres?: PostgresPlan; dynamo?: DynamoPlan } = {};
  let standIns: PlannedStandIn[] = [];
  let keyPairs = new Map<string, PrincipalKeyPair>();
  let checker: HealthChecker | undefined;
  let edgeTracer: LocalTracer | undefined;
  let stopped = false;
  let entryUrl = '';
  let adminUrl = '';
  const storeStatus = (): StoreStatus[] => [
    ...(stores.postgres
      ? [
          {
            name: 'postgres',
            kind: 'postgres',
            endpoint: stores.postgres.endpoint,
            embedded: stores.postgres.embedded,
            ...stores.postgres.health?.(),
          },
        ]
      : []),
    ...(stores.dynamo
      ? [
          {
            name: 'dynamodb',
            kind: 'dynamodb',
            endpoint: stores.dynamo.endpoint,
            embedded: stores.dynamo.embedded,
            ...stores.dynamo.health?.(),
          },
        ]
      : []),
  ];
  const status = (): PlatformStatus => {
    const latestReleases = releases.summaries();
    return {
      platform: platform.name,
      entry: entryUrl,
      admin: adminUrl,
      stores: storeStatus(),
      standIns: standIns.map((s) => ({ name: s.name, endpoint: s.endpoint, ...s.health?.() })),
      services: registry.services().map((service) => {
        const instances = registry.instancesOf(service);
        const weights = new Map(registry.weightedOf(service).map((w) => [w.instance.id, w.weight]));
        const release = latestReleases.get(service);
        return {
          name: service,
          dnsName: discoveryNameOf(platform, service),
          desired: instances.length,
          healthy: instances.filter((i) => i.state.kind === 'healthy').length,
          ...(release ? { release } : {}),
          instances: instances.map((i) => instanceView(i, weights.get(i.id))),
        };
      }),
    };
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await releases.stop();
    checker?.stop();
    await Promise.all(servers.map(close));
    await sets.stopAll();
    await Promise.all([stores.postgres?.stop(), stores.dynamo?.stop(), ...standIns.map((s) => s.stop())]);
    await forwarder.close();
    await edgeTracer?.shutdown();
    await removeRuntimeFile(dataDir, process.pid);
  };

  try {
    const admin = createAdminServer(registry, () => status(), {
      traces,
      logs: logIndex,
      releases,
      console: {
        platform,
        status,
        logDir: join(dataDir, 'logs'),
        traces: consoleTraceSource(traces, logIndex),
        upstreamStandIns: SANDBOX_OF_UPSTREAM,
      },
    });
    servers.push(admin);
    const bindAddress = opts.bindAddress ?? '127.0.0.1';
    // The address this machine's processes reach those ports at: loopback, unless bound to one address.
    const wildcard = bindAddress === '0.0.0.0' || bindAddress === '::';
    const reachableHost =
      wildcard || bindAddress === '127.0.0.1'
        ? '127.0.0.1'
        : bindAddress.includes(':')
          ? `[${bindAddress}]`
          : bindAddress;
    const adminPort = await listen(admin, opts.adminPort ?? LOCAL_PORTS.admin, bindAddress);
    adminUrl = `http://${reachableHost}:${adminPort}`;

    const byKind = <K extends DataStore['kind']>(kind: K) =>
      platform.dataStores.filter((d): d is Extract<DataStore, { kind: K }> => d.kind === kind);
    const pgStores = byKind('postgres');
    const tables = byKind('dynamodb');
    const dbName = (store: string) => `${platform.name}_${store}`.replace(/-/g, '_');
    stores = {
      ...(pgStores.length
        ? {
            postgres: await planPostgres({
              dataDir,
              databases: pgStores.map((s) => dbName(s.name)),
              databaseUrl: env[ENV.databaseUrl],
              console: log,
            }),
          }
        : {}),
      ...(tables.length
        ? {
            dynamo: await planDynamo({
              platform: platform.name,
              dataDir,
              tables,
              endpoint: env[ENV.dynamodbEndpoint],
              console: log,
            }),
          }
        : {}),
    };
    const logDir = join(dataDir, 'logs');
    // Spans from every process go to the trace store on the admin port.
    const tracing = planTracing(platform, adminUrl, env);
    standIns = await Promise.all(
      (opts.standIns ?? standInsFor(platform)).map((s) =>
        s.plan({ platform, rootDir: opts.rootDir, dataDir, logDir, env, console: log, tracing }),
      ),
    );
    const storesReady = Promise.all([
      stores.postgres?.ready(),
      stores.dynamo?.ready(),
      ...standIns.map((s) => s.ready()),
    ]);

    // The public entry's port is chosen now, so services can be told where the public reaches them.
    const entryPort = opts.port === 0 ? await freePort() : (opts.port ?? LOCAL_PORTS.entry);
    entryUrl = `http://${reachableHost === '127.0.0.1' ? 'localhost' : reachableHost}:${entryPort}`;

    // Every instance gets the variables its container gets on AWS; only the values are local.
    const sharedEnv: Record<string, string> = {
      [ENV.publicBaseUrl]: entryUrl,
      [ENV.discoveryMode]: 'registry',
      [ENV.discoveryRegistryUrl]: adminUrl,
      [ENV.discoveryNamespace]: platform.serviceDiscovery.namespace,
      [ENV.logLevel]: opts.logLevel ?? 'info',
      [ENV.host]: '127.0.0.1',
      ...(env[ENV.redisUrl] ? { [ENV.redisUrl]: env[ENV.redisUrl] } : {}),
      ...(stores.dynamo ? { [ENV.dynamodbEndpoint]: stores.dynamo.endpoint } : {}),
    };
    for (const t of tables) sharedEnv[dataStoreEnvName(t)!] = stores.dynamo!.tableName(t.name);
    for (const s of standIns) Object.assign(sharedEnv, s.env);

    // Each principal's signing key, as a provisioned secret would be on AWS; regenerated per run
    // because the tokens they sign live for a minute.
    const processes = localProcessesOf(platform);
    keyPairs = new Map(
      await Promise.all(processes.map(async (p) => [p.name, await generatePrincipalKeys(p.name)] as const)),
    );
    sharedEnv[ENV.trustedKeys] = JSON.stringify({ keys: [...keyPairs.values()].map((k) => k.publicJwk) });

    const healthPaths = new Map<string, string>();
    for (const proc of processes) {
      const def = platform.services.find((s) => s.name === proc.name);
      healthPaths.set(proc.name, def?.healthCheck.path ?? '/health');
      const ownPostgres = pgStores.find((s) => def?.dependsOn.includes(s.name));
      launchSpecs.set(proc.name, {
        entry: entryOf(opts.rootDir, proc),
        execArgv: tracing.execArgv,
        env: {
          ...sharedEnv,
          ...tracing.envFor(proc.name),
          [ENV.serviceName]: proc.name,
          [ENV.signingKey]: JSON.stringify(keyPairs.get(proc.name)!.privateJwk),
          ...(ownPostgres && stores.postgres
            ? { [ENV.databaseUrl]: stores.postgres.urlFor(dbName(ownPostgres.name)) }
            : {}),
          ...Object.fromEntries(standIns.flatMap((s) => Object.entries(s.envFor?.(proc.name) ?? {}))),
        },
      });
      const replicas = opts.replicas?.(proc.name, proc.replicas) ?? proc.replicas;
      await sets.start(proc.name, FIRST_REVISION, replicas);
    }
    checker = new HealthChecker(registry, {
      paths: healthPaths,
      ...(opts.healthIntervalMs ? { intervalMs: opts.healthIntervalMs } : {}),
    });
    checker.start();

    const gateway = platform.gateways.primary;
    const web = platform.loadBalancing.public.targets[0]!;
    if (tracing.enabled) {
      edgeTracer = createLocalTracer({
        serviceName: EDGE_SERVICE_NAME,
        endpoint: adminUrl,
        sampleRate: tracing.sampleRate,
      });
    }
    const edge = createEdge({
      registry,
      ...(edgeTracer ? { tracer: createRequestTracer(edgeTracer.tracer) } : {}),
      forwarder,
      apiBasePath: gateway?.basePath ?? '/api',
      apiService: gateway?.name ?? web,
      webService: web,
      ...(platform.edge ? { maxBodyBytes: platform.edge.waf.maxBodyBytes, waf: platform.edge.waf } : {}),
      onBlock: (e) => {
        log(
          `edge: WAF blocked ${e.method} ${e.path} from ${e.ip}: rule ${e.rule}${e.location ? ` in ${e.location}` : ''}${e.detail ? ` (${e.detail})` : ''}`,
        );
      },
    });
    servers.push(edge);
    await listen(edge, entryPort, bindAddress);
    await writeRuntimeFile(dataDir, { entry: entryUrl, admin: adminUrl, pid: process.pid });
    await storesReady;

    return {
      entryUrl,
      adminUrl,
      registry,
      supervisor: sets,
      releases,
      principalKeys: keyPairs,
      status,
      notes: () => standIns.flatMap((s) => [...(s.notes?.() ?? [])]),
      async waitUntilHealthy(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        const pending = () => registry.all().filter((i) => i.state.kind !== 'healthy');
        while (pending().length > 0) {
          if (Date.now() > deadline) {
            throw new Error(
              `not healthy after ${timeoutMs} ms: ${pending()
                .map((i) => `${i.id} (${i.state.kind}${i.lastCheck?.detail ? `: ${i.lastCheck.detail}` : ''})`)
                .join(', ')}`,
            );
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
